package dev.iotlocal.testkit.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.CrtResources;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalExtension;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.Recording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/**
 * The seed flow with Cognito and the auth Lambda in LocalStack and the broker in the emulator. Needs a Docker
 * engine and a LocalStack auth token; the extension skips it, saying which is missing, where either is.
 */
@ExtendWith(CrtResources.class)
class LocalStackSeedFlowTest {

    /** A stand-in auth Lambda: logs the payload's user in to the user pool the backend created, as the real one does. */
    private static final String AUTH_FUNCTION = """
            import os
            import boto3

            def handler(event, context):
                user_pools = boto3.client("cognito-idp", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
                result = user_pools.admin_initiate_auth(
                    UserPoolId=os.environ["%s"],
                    ClientId=os.environ["%s"],
                    AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                    AuthParameters={"USERNAME": event["username"], "PASSWORD": event["password"]})
                return {"credentials": {"token": result["AuthenticationResult"]["IdToken"]}}
            """.formatted(LocalStackAwsApi.USER_POOL_ID_VARIABLE, LocalStackAwsApi.APP_CLIENT_ID_VARIABLE);

    // never run on the machine this was written on (no Docker engine there): the image tag is not a tested one
    static final LocalStackAwsApi LOCALSTACK = LocalStackAwsApi.builder("localstack/localstack-pro:latest")
            .authFunction(zipped(AUTH_FUNCTION), "python3.12", "auth.handler")
            .build();

    @RegisterExtension
    static final IotLocalExtension iot = IotLocalExtension.builder().awsApi(LOCALSTACK).build();

    @Test
    void aServerLoggedInThroughLocalStackHearsADevice(@Device("boiler") MqttClientConnection device, @CognitoUser MqttClientConnection server,
                                                     Recording recording, IotLocalRuntime runtime, IotEmulator emulator) {
        assertThat(runtime.awsEndpoint()).isNotEqualTo(emulator.endpoints().awsApiEndpoint());
        assertThat(runtime.identityPoolId()).isNotEqualTo(emulator.config().identityPoolId());

        server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE).join();
        device.publish(new MqttMessage("thing-update/boiler", "{\"temp\":60}".getBytes(StandardCharsets.UTF_8),
                QualityOfService.AT_LEAST_ONCE, false)).join();

        recording.delivered("thing-update/boiler").toClient("demo-server").await();
        LifecycleEvent connected = recording.connected("demo-server").await();
        assertThat(connected.principalIdentifier()).as("LocalStack's access key, which the door could not verify").doesNotContain("/");
    }

    private static Path zipped(String source) {
        try {
            Path zip = Files.createTempFile("iot-local-auth-function-", ".zip");
            zip.toFile().deleteOnExit();
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new ZipEntry("auth.py"));
                out.write(source.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
