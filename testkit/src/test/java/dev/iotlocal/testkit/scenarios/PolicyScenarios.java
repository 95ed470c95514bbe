package dev.iotlocal.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.testkit.AllowDenials;
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Policy;

/**
 * Test classes with device policies and denials that the test kit's own tests run with JUnit's EngineTestKit;
 * some fail on purpose. Not run by the build directly. {@code policies/thermostat.json} lets a thing connect as
 * itself and publish under {@code dt/<thing>/}.
 */
public final class PolicyScenarios {

    private static final String THERMOSTAT_POLICY = "policies/thermostat.json";

    /** Lets the thing {@code sensor} connect, and publish, subscribe and receive under {@code sensors/sensor/}. */
    private static final String SENSOR_POLICY = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:*:*:client/sensor"},
                {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "arn:aws:iot:*:*:topic/sensors/sensor/*"},
                {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:*:*:topicfilter/sensors/sensor/#"}
              ]
            }
            """;

    private PolicyScenarios() {}

    @IotLocalTest
    public static class PublishesOutsideItsPolicy {
        @Test
        void publishesToAnotherThingsTopic(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                           Recording recording) {
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));
            recording.disconnected("thermostat").await(); // as AWS IoT closes an MQTT 3.1.1 connection for it
        }

        @Test
        @AllowDenials
        void publishesToAnotherThingsTopicOnPurpose(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                                    Recording recording) {
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));
            recording.disconnected("thermostat").await();
        }

        @Test
        void awaitsTheDenialItExpects(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                      Recording recording) {
            // AWS IoT closes the connection for it; the SDK reconnects and may send the QoS 1 publish again, denied again
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_LEAST_ONCE, false));

            PolicyDenial denial = recording.denied("iot:Publish", "topic/dt/other/temp").byClient("thermostat").await();

            assertThat(denial.decision()).isEqualTo(PolicyDenial.Decision.IMPLICIT_DENY);
            assertThat(denial.notMatching()).containsExactly("thermostat-policy");
            recording.disconnected("thermostat").await();
        }

        @Test
        void awaitsADenialByItsArnAndDecision(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) Mqtt5Client thermostat,
                                             Recording recording, IotLocalRuntime runtime) {
            publish(thermostat, "dt/other/temp", QOS.AT_MOST_ONCE);

            String arn = "arn:aws:iot:" + runtime.region() + ":" + runtime.accountId() + ":topic/dt/other/temp";
            recording.denied("iot:Publish", arn).withDecision(PolicyDenial.Decision.IMPLICIT_DENY).await();
            assertThat(recording.denials()).hasSize(1);
        }
    }

    @IotLocalTest
    public static class AwaitsADenialThatDoesNotHappen {
        @Test
        void expectsADenialOfAnAllowedPublish(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                              Recording recording) {
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));
            recording.disconnected("thermostat").await();
            recording.within(Duration.ofMillis(300)).denied("iot:Publish", "topic/dt/thermostat/temp").await();
        }
    }

    @IotLocalTest(failOnDenials = false)
    public static class AllowsDenialsForTheClass {
        @Test
        void publishesToAnotherThingsTopic(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                           Recording recording) {
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));
            recording.disconnected("thermostat").await();
        }
    }

    @IotLocalTest
    @AllowDenials
    public static class AllowsDenialsAroundANestedClass {
        @Nested
        class Inside {
            @Test
            void publishesToAnotherThingsTopic(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                               Recording recording) {
                thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));
                recording.disconnected("thermostat").await();
            }
        }
    }

    @IotLocalTest
    public static class ResourcePolicy {
        @Test
        void appliesExactlyThePolicyOfTheResource(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                                  @CognitoUser Mqtt5Client server, IotClient iot, Recording recording) {
            subscribe(server, "dt/#");

            thermostat.publish(new MqttMessage("dt/thermostat/temp", bytes("21"), QualityOfService.AT_LEAST_ONCE, false)).join();
            recording.delivered("dt/thermostat/temp").toClient("demo-server").await();
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));
            recording.denied("iot:Publish", "topic/dt/other/temp").byClient("thermostat").await();

            assertThat(recording.delivered()).extracting(delivered -> delivered.topic()).containsExactly("dt/thermostat/temp");
            assertThat(policiesOfTheCertificateOf("thermostat", iot)).containsExactly("thermostat-policy");
            assertThat(iot.getPolicy(b -> b.policyName("thermostat-policy")).policyDocument()).contains("topic/dt/${iot:Connection.Thing.ThingName}/*");
        }
    }

    @IotLocalTest
    public static class InlinePolicy {
        @Test
        void appliesExactlyTheInlinePolicy(@Device(value = "sensor", policy = SENSOR_POLICY) Mqtt5Client sensor, IotClient iot,
                                           Recording recording) {
            subscribe(sensor, "sensors/sensor/#");

            publish(sensor, "sensors/sensor/temp", QOS.AT_LEAST_ONCE);
            recording.delivered("sensors/sensor/temp").toClient("sensor").await();
            publish(sensor, "sensors/other/temp", QOS.AT_MOST_ONCE);
            recording.denied("iot:Publish", "topic/sensors/other/temp").byClient("sensor").await();

            assertThat(recording.published()).extracting(published -> published.topic()).containsExactly("sensors/sensor/temp");
            assertThat(policiesOfTheCertificateOf("sensor", iot)).containsExactly("sensor-policy");
        }
    }

    @IotLocalTest
    public static class DefaultPolicy {
        @Test
        void aPlainDeviceHasTheDefaultPolicyAndPublishesAnywhere(@Device("plain") Mqtt5Client device, IotClient iot, Recording recording) {
            publish(device, "anything/at/all", QOS.AT_LEAST_ONCE);

            recording.published("anything/at/all").byClient("plain").await();
            assertThat(policiesOfTheCertificateOf("plain", iot)).containsExactly(PolicyConfig.DEFAULT_POLICY_NAME);
            assertThat(recording.denials()).isEmpty();
        }
    }

    @IotLocalTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    public static class PolicyTheClassCreated {
        @BeforeAll
        static void createsThePolicy(IotLocalRuntime runtime) {
            try (IotClient iot = IotClient.builder().endpointOverride(runtime.iotEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(runtime.accountCredentials()).build()) {
                iot.createPolicy(b -> b.policyName("thermostat-policy").policyDocument(PolicyConfig.DEFAULT_POLICY_DOCUMENT));
            }
        }

        @Test
        @Order(1)
        void getsTheDocumentAsItsNewDefaultVersion(@Device(value = "thermostat", policy = THERMOSTAT_POLICY) MqttClientConnection thermostat,
                                                   IotClient iot, Recording recording) {
            thermostat.publish(new MqttMessage("dt/other/temp", bytes("21"), QualityOfService.AT_MOST_ONCE, false));

            recording.denied("iot:Publish", "topic/dt/other/temp").await();
            assertThat(iot.getPolicy(b -> b.policyName("thermostat-policy")).defaultVersionId()).isEqualTo("2");
        }

        @Test
        @Order(2)
        void findsTheClassesVersionAgain(IotClient iot) {
            assertThat(iot.getPolicy(b -> b.policyName("thermostat-policy")).defaultVersionId()).isEqualTo("1");
        }
    }

    @IotLocalTest
    public static class PoliciesThatCannotApply {
        @Test
        void namesAResourceThatIsNotThere(@Device(value = "lost", policy = "policies/missing.json") Mqtt5Client device) {
        }

        @Test
        void namesAMalformedDocument(@Device(value = "broken", policy = "{\"Version\": \"2012-10-17\", \"Statement\": 5}") Mqtt5Client device) {
        }

        @Test
        void doesNotAllowTheConnect(@Device(value = "mute", policy = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": "*"}]}
                """) Mqtt5Client device) {
        }

        @Test
        void givesOneThingTwoPolicies(@Device(value = "twin", policy = THERMOSTAT_POLICY) Mqtt5Client first,
                                      @Device(value = "twin", policy = SENSOR_POLICY) Mqtt5Client second) {
        }
    }

    /** The names of the policies attached to the certificate of the thing's (only) certificate. */
    private static List<String> policiesOfTheCertificateOf(String thing, IotClient iot) {
        List<String> principals = iot.listThingPrincipals(b -> b.thingName(thing)).principals();
        assertThat(principals).hasSize(1);
        return iot.listAttachedPolicies(b -> b.target(principals.get(0))).policies().stream().map(Policy::policyName).toList();
    }

    /** Publishes and waits until the client has sent it (QoS 0) or has its PUBACK (QoS 1). */
    private static void publish(Mqtt5Client client, String topic, QOS qos) {
        try {
            client.publish(new PublishPacket.PublishPacketBuilder().withTopic(topic).withPayload(bytes("21")).withQOS(qos).build())
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The publish to " + topic + " did not complete", e);
        }
    }

    private static void subscribe(Mqtt5Client client, String filter) {
        try {
            SubAckPacket ack = client.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription(filter, QOS.AT_LEAST_ONCE).build())
                    .get(10, TimeUnit.SECONDS);
            assertThat(ack.getReasonCodes()).containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
        } catch (Exception e) {
            throw new AssertionError("The subscription to " + filter + " got no SUBACK", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
