package com.example.outside;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/** The test kit as a user's project uses it: a device and a Cognito-authenticated server talk through the emulator. */
@IotLocalTest
class DeviceConnectionTest {

    @Test
    void aServerHearsWhatADevicePublishes(@Device("thermostat") MqttClientConnection device, @CognitoUser MqttClientConnection server,
                                          Recording recording) {
        server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE).join();

        device.publish(new MqttMessage("thing-update/thermostat", "{\"temp\":21}".getBytes(UTF_8), QualityOfService.AT_LEAST_ONCE, false))
                .join();

        recording.published("thing-update/thermostat").byClient("thermostat").withJsonField("/temp", 21).await();
        recording.delivered("thing-update/thermostat").toClient("demo-server").await();
    }
}
