package dev.iotlocal.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.EmulatorFaults;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.testkit.AllowViolations;
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalExtension;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Test classes that the test kit's own tests run with JUnit's EngineTestKit; some fail on purpose. Not run by
 * the build directly.
 */
public final class Scenarios {

    /** What the scenarios saw, for the tests that run them. */
    public static final List<IotEmulator> EMULATORS_SEEN = new CopyOnWriteArrayList<>();
    public static final List<Integer> JOURNAL_SIZES_AT_START = new CopyOnWriteArrayList<>();

    private Scenarios() {}

    @IotLocalTest
    public static class FirstDefaultClass {
        @Test
        void seesTheEmulator(IotEmulator emulator) {
            EMULATORS_SEEN.add(emulator);
        }
    }

    @IotLocalTest
    public static class SecondDefaultClass {
        @Test
        void seesTheEmulator(IotEmulator emulator) {
            EMULATORS_SEEN.add(emulator);
        }
    }

    public static class OtherConfigurationClass {
        @RegisterExtension
        static final IotLocalExtension iot = IotLocalExtension.builder().user("alice", "alice-password").build();

        @Test
        void seesTheEmulator(IotEmulator emulator) {
            EMULATORS_SEEN.add(emulator);
        }
    }

    @IotLocalTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    public static class ResetBetweenTests {
        @Test
        @Order(1)
        void leavesThingsBehind(@Device("litterbug") MqttClientConnection device, Recording recording) {
            device.subscribe("left/behind", QualityOfService.AT_LEAST_ONCE).join();
            device.publish(new MqttMessage("left/behind", bytes("x"), QualityOfService.AT_LEAST_ONCE, false)).join();
            recording.published("left/behind").await();
        }

        @Test
        @Order(2)
        void startsClean(Recording recording) {
            JOURNAL_SIZES_AT_START.add(recording.entries().size());
        }
    }

    /** Things seen by the account scenario's tests, in order. */
    public static final List<List<String>> THINGS_SEEN = new CopyOnWriteArrayList<>();

    @IotLocalTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    public static class AccountBetweenTests {
        @BeforeAll
        static void provisionTheFleet(IotLocalRuntime runtime) {
            try (IotClient iot = IotClient.builder().endpointOverride(runtime.iotEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(runtime.accountCredentials()).build()) {
                iot.createThing(b -> b.thingName("set-up-by-the-class"));
            }
        }

        @Test
        @Order(1)
        void createsAThingAndACertificate(IotClient iot) {
            iot.createThing(b -> b.thingName("made-by-the-first-test"));
            iot.createKeysAndCertificate(b -> b.setAsActive(true));
            THINGS_SEEN.add(thingNames(iot));
        }

        @Test
        @Order(2)
        void findsOnlyWhatTheClassSetUp(IotClient iot) {
            THINGS_SEEN.add(thingNames(iot));
            THINGS_SEEN.add(List.of("certificates: " + iot.listCertificates().certificates().size()));
        }

        private static List<String> thingNames(IotClient iot) {
            return iot.listThingsPaginator().things().stream().map(ThingAttribute::thingName).toList();
        }
    }

    @IotLocalTest
    public static class EveryParameter {
        @Test
        void getsEverything(IotLocalRuntime runtime, Recording recording, IotEmulator emulator, EmulatorFaults faults,
                            DeviceCertificates certificates, CognitoIdentityClient cognito, LambdaClient lambda) {
            assertThat(runtime.awsEndpoint()).isEqualTo(emulator.endpoints().awsApiEndpoint());
            assertThat(runtime.caCertificateFile()).exists();
            assertThat(recording.entries()).isEmpty();
            assertThat(faults).isSameAs(emulator.faults());
            assertThat(certificates.issue("spare").certificateId()).hasSize(64);
            assertThat(cognito.getId(request -> request.identityPoolId(runtime.identityPoolId())).identityId()).startsWith("us-east-1:");
            assertThat(lambda.invoke(request -> request.functionName(runtime.authFunctionName())
                    .payload(SdkBytes.fromUtf8String("{\"username\":\"demo\",\"password\":\"demo-password\"}"))).functionError()).isNull();
        }

        @Test
        void devicesAndServersTalk(@Device("thermostat") Mqtt5Client device, @CognitoUser MqttClientConnection server,
                                   Recording recording) {
            List<MqttMessage> received = new CopyOnWriteArrayList<>();
            server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE, received::add).join();

            device.publish(new PublishPacket.PublishPacketBuilder().withTopic("thing-update/thermostat")
                    .withPayload(bytes("{\"temp\":21}")).withQOS(QOS.AT_LEAST_ONCE).build()).join();

            recording.published("thing-update/+").byClient("thermostat").withJsonField("/temp", 21).withQos(1).await();
            recording.delivered("thing-update/thermostat").toClient("demo-server").await();
            recording.connected("demo-server").await();
            recording.assertNothingElsePublished();
        }

        @Test
        void cognitoMqtt5AndDevice311(@CognitoUser(clientId = "ops") Mqtt5Client server, @Device("meter") MqttClientConnection device,
                                      Recording recording) {
            server.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription("meters/#", QOS.AT_LEAST_ONCE).build()).join();
            device.publish(new MqttMessage("meters/meter", bytes("42"), QualityOfService.AT_MOST_ONCE, false)).join();
            recording.delivered("meters/meter").toClient("ops").withPayload("42").await();
        }
    }

    @IotLocalTest
    public static class BreaksARule {
        @Test
        void publishesQos2(@Device("rebel") MqttClientConnection device, Recording recording) {
            device.publish(new MqttMessage("rebel/qos2", bytes("x"), QualityOfService.EXACTLY_ONCE, false));
            recording.disconnected("rebel").withReason(DisconnectReason.CLIENT_ERROR).await();
        }

        @Test
        @AllowViolations
        void publishesQos2OnPurpose(@Device("rebel") MqttClientConnection device, Recording recording) {
            device.publish(new MqttMessage("rebel/qos2", bytes("x"), QualityOfService.EXACTLY_ONCE, false));
            recording.disconnected("rebel").withReason(DisconnectReason.CLIENT_ERROR).await();
        }
    }

    @IotLocalTest(failOnViolations = false)
    public static class AllowsViolationsForTheClass {
        @Test
        void publishesQos2(@Device("rebel") MqttClientConnection device, Recording recording) {
            device.publish(new MqttMessage("rebel/qos2", bytes("x"), QualityOfService.EXACTLY_ONCE, false));
            recording.disconnected("rebel").await();
        }

        @Nested
        class AndItsNestedClass {
            @Test
            void publishesQos2InANestedClass(@Device("rebel") MqttClientConnection device, Recording recording) {
                device.publish(new MqttMessage("rebel/qos2", bytes("x"), QualityOfService.EXACTLY_ONCE, false));
                recording.disconnected("rebel").await();
            }
        }
    }

    @IotLocalTest
    @AllowViolations
    public static class AllowsViolationsAroundANestedClass {
        @Nested
        class Inside {
            @Test
            void publishesQos2InANestedClass(@Device("rebel") MqttClientConnection device, Recording recording) {
                device.publish(new MqttMessage("rebel/qos2", bytes("x"), QualityOfService.EXACTLY_ONCE, false));
                recording.disconnected("rebel").await();
            }
        }
    }

    @IotLocalTest
    public static class SameMessageTwice {
        @Test
        void bothPublishesAreAccountedFor(@Device("twice") MqttClientConnection device, Recording recording) {
            device.publish(new MqttMessage("twice/topic", bytes("same"), QualityOfService.AT_LEAST_ONCE, false)).join();
            device.publish(new MqttMessage("twice/topic", bytes("same"), QualityOfService.AT_LEAST_ONCE, false)).join();
            recording.published("twice/topic").withPayload("same").await();
            recording.published("twice/topic").withPayload("same").await();
            recording.assertNothingElsePublished();
        }
    }

    @IotLocalTest
    public static class FailingAssertion {
        @Test
        void expectsSomethingElse(@Device("chatty") MqttClientConnection device, Recording recording) {
            device.publish(new MqttMessage("actual/topic", bytes("hello"), QualityOfService.AT_LEAST_ONCE, false)).join();
            recording.within(Duration.ofMillis(300)).published("expected/topic").withPayload("hello").await();
        }
    }

    @IotLocalTest
    public static class Outer {
        @Test
        void outerTest(Recording recording, IotEmulator emulator) {
            EMULATORS_SEEN.add(emulator);
            assertThat(recording.entries()).isEmpty();
        }

        @Nested
        class Inner {
            @Test
            void innerTest(@Device("nested") MqttClientConnection device, IotEmulator emulator) {
                EMULATORS_SEEN.add(emulator);
                device.subscribe("nested/topic", QualityOfService.AT_MOST_ONCE).join();
            }
        }
    }

    @IotLocalTest
    public static class ParallelA {
        @Test
        void publishesAndSeesOnlyItsOwn(@Device("parallel-a") MqttClientConnection device, Recording recording) {
            for (int i = 0; i < 5; i++) {
                device.publish(new MqttMessage("parallel/a", bytes("a" + i), QualityOfService.AT_LEAST_ONCE, false)).join();
            }
            recording.published("parallel/a").withPayload("a4").await();
            assertThat(recording.published()).allSatisfy(p -> assertThat(p.clientId()).isEqualTo("parallel-a"));
        }
    }

    @IotLocalTest
    public static class ParallelB {
        @Test
        void publishesAndSeesOnlyItsOwn(@Device("parallel-b") MqttClientConnection device, Recording recording) {
            for (int i = 0; i < 5; i++) {
                device.publish(new MqttMessage("parallel/b", bytes("b" + i), QualityOfService.AT_LEAST_ONCE, false)).join();
            }
            recording.published("parallel/b").withPayload("b4").await();
            assertThat(recording.published()).allSatisfy(p -> assertThat(p.clientId()).isEqualTo("parallel-b"));
        }
    }

    @IotLocalTest
    public static class InjectsAFault {
        @Test
        @AllowViolations
        void forcedDisconnectIsRecorded(@Device("victim") MqttClientConnection device, EmulatorFaults faults, Recording recording) {
            assertThat(faults.disconnect("victim", DisconnectReason.API_INITIATED_DISCONNECT)).isTrue();
            recording.disconnected("victim").withReason(DisconnectReason.API_INITIATED_DISCONNECT).await();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
