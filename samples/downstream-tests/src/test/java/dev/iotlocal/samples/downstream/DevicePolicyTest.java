package dev.iotlocal.samples.downstream;

// tag::device-policy-imports[]
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
// end::device-policy-imports[]

/**
 * A device tested with the policy it has in the cloud ({@code policies/thermostat.json} on the test class path: it
 * may connect as its thing and publish under {@code dt/<thing>/}), as the README shows it.
 */
@IotLocalTest
class DevicePolicyTest {

    // tag::device-policy[]
    @Test
    void theThermostatReportsOnlyItsOwnTemperature(
            @Device(value = "thermostat", policy = "policies/thermostat.json") MqttClientConnection thermostat,
            Recording recording) {
        byte[] reading = "{\"temp\":21}".getBytes(StandardCharsets.UTF_8);

        thermostat.publish(new MqttMessage("dt/thermostat/temp", reading, QualityOfService.AT_LEAST_ONCE, false)).join();
        recording.published("dt/thermostat/temp").byClient("thermostat").await();

        // AWS IoT closes the connection for a denied PUBLISH; awaiting the denial makes it expected
        thermostat.publish(new MqttMessage("dt/boiler/temp", reading, QualityOfService.AT_MOST_ONCE, false));
        recording.denied("iot:Publish", "topic/dt/boiler/temp").byClient("thermostat").await();
    }
    // end::device-policy[]
}
