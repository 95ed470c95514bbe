package com.example.outside.scenarios;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.testkit.AllowViolations;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/** Devices that publish with QoS 2, which AWS IoT refuses by closing the connection. Run by {@code AwsRulesTest}, not by the build. */
@IotLocalTest
public class PublishesQos2 {

    @Nested
    class WithoutAllowViolations {
        @Test
        void breaksTheRule(@Device("rebel") MqttClientConnection device, Recording recording) {
            publishQos2(device, recording);
        }
    }

    @Nested
    @AllowViolations
    class WithAllowViolations {
        @Test
        void breaksTheRuleOnPurpose(@Device("rebel") MqttClientConnection device, Recording recording) {
            publishQos2(device, recording);
        }
    }

    private static void publishQos2(MqttClientConnection device, Recording recording) {
        device.publish(new MqttMessage("rebel/qos2", "x".getBytes(UTF_8), QualityOfService.EXACTLY_ONCE, false));
        recording.disconnected("rebel").withReason(DisconnectReason.CLIENT_ERROR).await();
    }
}
