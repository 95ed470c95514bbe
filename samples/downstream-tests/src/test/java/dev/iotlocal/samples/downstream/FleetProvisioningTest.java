package dev.iotlocal.samples.downstream;

// tag::provisioning-imports[]
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
// end::provisioning-imports[]

/** A user's provisioning code against the local AWS IoT control plane, then the device it provisioned connecting. */
@IotLocalTest
class FleetProvisioningTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"iot:Connect\",\"iot:Publish\"],\"Resource\":\"*\"}]}";

    // tag::provisioning[]
    @Test
    void aProvisionedThermostatConnectsWithItsNewCertificate(IotClient iot, IotLocalRuntime runtime, Recording recording)
            throws Exception {
        iot.createThing(b -> b.thingName("thermostat").attributePayload(a -> a.attributes(Map.of("floor", "3"))));
        CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(b -> b.setAsActive(true));
        iot.attachThingPrincipal(b -> b.thingName("thermostat").principal(keys.certificateArn()));
        iot.createPolicy(b -> b.policyName("thermostat-policy").policyDocument(POLICY));
        iot.attachPolicy(b -> b.policyName("thermostat-policy").target(keys.certificateArn()));
        String host = iot.describeEndpoint(b -> b.endpointType("iot:Data-ATS")).endpointAddress();

        try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder
                .newMtlsBuilder(keys.certificatePem(), keys.keyPair().privateKey())
                .withEndpoint(host).withPort(runtime.mtlsPort())
                .withCertificateAuthority(runtime.caCertificatePem())
                .withClientId("thermostat");
             MqttClientConnection thermostat = builder.build()) {
            thermostat.connect().get(10, TimeUnit.SECONDS);
            recording.connected("thermostat").await();
            thermostat.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
    // end::provisioning[]
}
