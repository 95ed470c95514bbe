package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.refusedAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.internal.sigv4.SigV4;
import dev.iotlocal.emulator.internal.util.Json;

import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SignedHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;

/**
 * The AWS IoT control plane's wire contract, with the AWS SDK's {@code IotClient} and raw HTTP where no SDK goes:
 * SigV4 verified with both signing names, refusals shaped as AWS shapes them, DescribeEndpoint naming this emulator.
 */
class IotControlPlaneTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    private static final List<String> ENDPOINT_TYPES = List.of("iot:Data-ATS", "iot:Data", "iot:CredentialProvider", "iot:Jobs");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void describeEndpointNamesTheHostDevicesConnectTo() {
        IotClient iot = running.iot();

        for (String type : ENDPOINT_TYPES) {
            assertThat(iot.describeEndpoint(b -> b.endpointType(type)).endpointAddress()).as(type).isEqualTo("localhost");
        }
        assertThat(iot.describeEndpoint().endpointAddress()).as("no type").isEqualTo("localhost");
    }

    @Test
    void describeEndpointNamesTheConfiguredHostForEveryType() {
        EmulatorConfig config = EmulatorConfig.builder().listeners(listeners -> listeners.host("iot.test")).build();
        try (IotEmulator emulator = IotEmulator.start(config);
             // iot.test need not resolve: the client reaches the API on the loopback, where the emulator listens
             IotClient iot = ControlPlane.iotClient(emulator,
                     URI.create("http://localhost:" + emulator.endpoints().awsApiEndpoint().getPort()))) {
            for (String type : ENDPOINT_TYPES) {
                assertThat(iot.describeEndpoint(b -> b.endpointType(type)).endpointAddress()).as(type).isEqualTo("iot.test");
            }
        }
    }

    @Test
    void describeEndpointOfAnUnknownTypeIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, "Endpoint type iot:Nowhere is not valid.",
                () -> running.iot().describeEndpoint(b -> b.endpointType("iot:Nowhere")));
    }

    @Test
    void aKeyTheEmulatorDidNotIssueIsRefused() {
        try (IotClient iot = IotClient.builder().endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
                .build()) {
            refusedAs("UnrecognizedClientException", 403, "The security token included in the request is invalid.", iot::describeEndpoint);
        }
    }

    @Test
    void theWrongSecretIsRefusedAsASignatureMismatch() {
        AccountCredentials real = running.get().accountCredentials();
        try (IotClient iot = IotClient.builder().endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(real.accessKeyId(), "not-the-secret")))
                .build()) {
            // AWS appends the canonical request and the string to sign it expected
            refusedAs("InvalidSignatureException", 403, "The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method.", iot::describeEndpoint);

        }
    }

    @Test
    void anUnsignedRequestIsRefusedWithMissingAuthenticationToken() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(running.get().endpoints().awsApiEndpoint().resolve("/endpoint")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException:");
        assertThat(Json.MAPPER.readTree(answer.body()).path("message").asText()).isEqualTo("Missing Authentication Token");
    }

    @Test
    void requestsSignedForExecuteApiAsOlderSdksSignAreServed() throws Exception {
        HttpResponse<String> answer = signedGet("/endpoint?endpointType=iot%3AData-ATS", "execute-api");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"endpointAddress\":\"localhost\"}");
    }

    @Test
    void requestsSignedForAnotherServiceAreRefused() throws Exception {
        HttpResponse<String> answer = signedGet("/endpoint", "lambda");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException:");
        assertThat(Json.MAPPER.readTree(answer.body()).path("message").asText())
                .isEqualTo("Credential should be scoped to correct service: 'execute-api' or 'iot', not 'lambda'.");
    }

    private HttpResponse<String> signedGet(String pathAndQuery, String service) throws Exception {
        return SignedHttp.get(running.get().endpoints().awsApiEndpoint(), pathAndQuery, running.get().accountCredentials(), service);
    }
}
