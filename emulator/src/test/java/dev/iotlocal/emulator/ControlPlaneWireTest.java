package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.SignedHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;

/**
 * What the control plane puts on the wire beyond what an SDK's parsed answer shows: timestamps as AWS writes them,
 * who may call it, and bad requests answered in AWS's shape rather than by the HTTP server.
 */
class ControlPlaneWireTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void timestampsAreEpochSecondsWrittenOutAsAwsWritesThem() throws Exception {
        running.iot().createPolicy(b -> b.policyName("dated").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));

        HttpResponse<String> answer = SignedHttp.get(running.get().endpoints().awsApiEndpoint(), "/policies/dated",
                running.get().accountCredentials(), "iot");

        assertThat(answer.statusCode()).isEqualTo(200);
        // 1541022751.983, never 1.541022751983E9
        assertThat(answer.body()).containsPattern("\"creationDate\":\\d{10}\\.\\d{3}[,}]")
                .containsPattern("\"lastModifiedDate\":\\d{10}\\.\\d{3}[,}]")
                .doesNotContain("E9");
    }

    @Test
    void cognitoCredentialsAreRefusedAsARoleWithoutIotPermissionsIs() {
        try (IotClient guest = IotClient.builder().endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1).httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(SeedFlow.sessionCredentials(SeedFlow.unauthenticated(running.get()))))
                .build()) {
            IotException refused = catchThrowableOfType(IotException.class, () -> guest.createThing(b -> b.thingName("by-a-guest")));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(refused.awsErrorDetails().errorMessage()).contains("is not authorized to perform: iot:CreateThing");
        }
        assertThat(running.iot().listThings().things()).as("nothing was created").isEmpty();
    }

    @Test
    void anUnsignedRequestToAnyControlPlanePathIsRefusedAsUnauthenticated() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                running.get().endpoints().awsApiEndpoint().resolve("/certificates-by-ca/" + "a".repeat(64))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException:");
    }
}
