package dev.iotlocal.samples.downstream;

// tag::quick-start[]
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

@IotLocalTest
class QuickStartTest {

    @Test
    void serverReceivesWhatTheThermostatReports(@Device("thermostat") MqttClientConnection thermostat,
                                                @CognitoUser("demo") MqttClientConnection server,
                                                Recording recording) {
        server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE).join();

        thermostat.publish(new MqttMessage("thing-update/thermostat",
                "{\"temp\":21}".getBytes(StandardCharsets.UTF_8), QualityOfService.AT_LEAST_ONCE, false)).join();

        recording.delivered("thing-update/thermostat").toClient("demo-server").withJsonField("/temp", 21).await();
    }
}
// end::quick-start[]
