package dev.iotlocal.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.testkit.AwsApiBackend;
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalExtension;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.Recording;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Test classes with Cognito and the auth Lambda somewhere other than the emulator, run by the test kit's own tests
 * with JUnit's EngineTestKit. In each, a second emulator plays the other Cognito and auth Lambda, as LocalStack
 * would: the test's emulator never issued the credentials it hands out. Not run by the build directly.
 */
public final class OtherAwsApiScenarios {

    /** The tests that ran, for the tests that run these classes. */
    public static final List<String> RAN = new CopyOnWriteArrayList<>();
    /** What {@link AnotherEmulator} backends started, for the tests that run these classes. */
    public static final List<IotEmulator> STARTED = new CopyOnWriteArrayList<>();

    private static final AwsApiBackend SHARED_BACKEND = new AnotherEmulator(Optional.empty());

    private OtherAwsApiScenarios() {}

    /** A backend as a suite would write one: it starts a second emulator, which the run closes at its end. */
    public record AnotherEmulator(Optional<String> unavailableReason) implements AwsApiBackend {
        @Override
        public Running start(EmulatorConfig config) {
            IotEmulator other = IotEmulator.start(config);
            STARTED.add(other);
            return new Running() {
                @Override
                public URI endpoint() {
                    return other.endpoints().awsApiEndpoint();
                }

                @Override
                public String identityPoolId() {
                    return other.config().identityPoolId();
                }

                @Override
                public String userPoolId() {
                    return other.config().userPoolId();
                }

                @Override
                public String appClientId() {
                    return other.config().cognito().appClientId();
                }

                @Override
                public String authFunctionName() {
                    return other.config().cognito().authFunctionName();
                }

                @Override
                public void close() {
                    other.close();
                }
            };
        }
    }

    public static class CognitoAndLambdaAtAnotherEndpoint {
        static IotEmulator OTHER;

        // an instance field, so that it is built after @BeforeAll started what it points at
        @RegisterExtension
        final IotLocalExtension iot = IotLocalExtension.builder().awsApi(OTHER.endpoints().awsApiEndpoint()).build();

        @BeforeAll
        static void startTheOther() {
            OTHER = IotEmulator.start();
        }

        @AfterAll
        static void closeTheOther() {
            OTHER.close();
        }

        @Test
        void theServerConnectsWithTheOtherCognitosCredentials(@Device("boiler") MqttClientConnection device,
                                                               @CognitoUser MqttClientConnection server, Recording recording) {
            server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE).join();
            device.publish(new MqttMessage("thing-update/boiler", "{\"temp\":60}".getBytes(StandardCharsets.UTF_8),
                    QualityOfService.AT_LEAST_ONCE, false)).join();

            recording.delivered("thing-update/boiler").toClient("demo-server").await();
            LifecycleEvent connected = recording.connected("demo-server").await();
            // credentials the emulator issued show as <account>/<key>:<identity>; foreign ones as the bare access key
            assertThat(connected.principalIdentifier()).startsWith("ASIA").doesNotContain("/", ":");
            RAN.add("theServerConnectsWithTheOtherCognitosCredentials");
        }

        @Test
        void injectedAwsClientsAndTheRuntimeNameTheOtherEndpoint(IotLocalRuntime runtime, IotEmulator emulator,
                                                                 CognitoIdentityClient cognito, LambdaClient lambda) {
            assertThat(runtime.awsEndpoint()).isEqualTo(OTHER.endpoints().awsApiEndpoint())
                    .isNotEqualTo(emulator.endpoints().awsApiEndpoint());
            assertThat(emulator.config().cognito().acceptForeignCredentials()).isTrue();
            assertThat(cognito.serviceClientConfiguration().endpointOverride()).contains(OTHER.endpoints().awsApiEndpoint());
            assertThat(lambda.serviceClientConfiguration().endpointOverride()).contains(OTHER.endpoints().awsApiEndpoint());
            assertThat(cognito.getId(request -> request.identityPoolId(runtime.identityPoolId())).identityId()).startsWith("us-east-1:");
            assertThat(lambda.invoke(request -> request.functionName(runtime.authFunctionName())
                    .payload(SdkBytes.fromUtf8String("{\"username\":\"demo\",\"password\":\"demo-password\"}"))).functionError()).isNull();
            RAN.add("injectedAwsClientsAndTheRuntimeNameTheOtherEndpoint");
        }
    }

    public static class FirstClassOnABackend {
        @RegisterExtension
        static final IotLocalExtension iot = IotLocalExtension.builder().awsApi(SHARED_BACKEND).build();

        @Test
        void theServerLogsInThroughTheBackend(@Device("boiler") MqttClientConnection device, @CognitoUser MqttClientConnection server,
                                              Recording recording, IotLocalRuntime runtime) {
            assertThat(STARTED).hasSize(1);
            assertThat(runtime.awsEndpoint()).isEqualTo(STARTED.get(0).endpoints().awsApiEndpoint());
            server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE).join();
            device.publish(new MqttMessage("thing-update/boiler", "{\"temp\":60}".getBytes(StandardCharsets.UTF_8),
                    QualityOfService.AT_LEAST_ONCE, false)).join();

            recording.delivered("thing-update/boiler").toClient("demo-server").await();
            RAN.add("theServerLogsInThroughTheBackend");
        }
    }

    public static class SecondClassOnTheSameBackend {
        @RegisterExtension
        static final IotLocalExtension iot = IotLocalExtension.builder().awsApi(SHARED_BACKEND).build();

        @Test
        void injectedClientsUseTheSameBackend(IotLocalRuntime runtime, CognitoIdentityClient cognito) {
            assertThat(STARTED).as("one backend per run and configuration").hasSize(1);
            assertThat(cognito.serviceClientConfiguration().endpointOverride()).contains(STARTED.get(0).endpoints().awsApiEndpoint());
            assertThat(cognito.getId(request -> request.identityPoolId(runtime.identityPoolId())).identityId()).startsWith("us-east-1:");
            RAN.add("injectedClientsUseTheSameBackend");
        }
    }

    public static class OnABackendThatCannotRunHere {
        @RegisterExtension
        static final IotLocalExtension iot = IotLocalExtension.builder()
                .awsApi(new AnotherEmulator(Optional.of("The other emulator needs a licence this machine lacks")))
                .build();

        @Test
        void wouldTalkToTheBackend(IotLocalRuntime runtime) {
            RAN.add("wouldTalkToTheBackend");
        }
    }
}
