package dev.iotlocal.testkit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalExtension;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.Recording;
import dev.iotlocal.testkit.localstack.LocalStackAwsApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
 * with JUnit's EngineTestKit. Not run by the build directly.
 */
public final class LocalStackScenarios {

    /** The tests that ran, for the tests that run these classes. */
    public static final List<String> RAN = new CopyOnWriteArrayList<>();

    private LocalStackScenarios() {}

    /** Would start LocalStack; where no Docker engine runs it must be skipped before anything starts. */
    public static class UsesLocalStack {
        @RegisterExtension
        static final IotLocalExtension iot = IotLocalExtension.builder()
                .awsApi(LocalStackAwsApi.builder("localstack/localstack-pro:latest")
                        .authToken("not-a-real-token")
                        .authFunction(Path.of("no-such-auth-function.zip"), "python3.12", "auth.handler")
                        .build())
                .build();

        @Test
        void wouldRunTheSeedFlow(IotLocalRuntime runtime) {
            RAN.add("wouldRunTheSeedFlow");
        }
    }

    /**
     * A second emulator plays the other Cognito and auth Lambda, as LocalStack would: the test's emulator never
     * issued the credentials it hands out.
     */
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
}
