package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.iotdata.AWSIotData;
import com.amazonaws.services.iotdata.model.GetThingShadowRequest;
import com.amazonaws.services.iotdata.model.ListNamedShadowsForThingRequest;
import com.amazonaws.services.iotdata.model.PublishRequest;
import com.amazonaws.services.iotdata.model.UpdateThingShadowRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.cognito.User;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.support.DataPlane;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.SignedHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * Who may call the HTTPS data plane: SigV4 with either signing name AWS IoT accepts, the account's key allowed
 * everything, Cognito credentials held to the identity's IoT policy (denials are 403 {@code ForbiddenException} and
 * journal entries), and unsigned or wrongly signed requests refused as AWS refuses them.
 */
class IotDataPlaneAccessTest {

    /** The default policy of this emulator: shadows of things named own-*, publishing under out/. */
    private static final String NARROW_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iot:GetThingShadow", "iot:UpdateThingShadow"], "Resource": "arn:aws:iot:*:*:thing/own-*"},
              {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:*:*:topic/out/*"}
            ]}""";

    static IotEmulator emulator;
    static AWSIotData asUser;
    static HttpClient http;

    @BeforeAll
    static void start() {
        emulator = IotEmulator.start(EmulatorConfig.builder().policies(policies -> policies.defaultPolicy(NARROW_POLICY)).build());
        User user = emulator.config().cognito().users().get(0);
        Credentials credentials = SeedFlow.run(emulator, user.username(), user.password());
        asUser = DataPlane.client(emulator, credentials);
        http = DataPlane.httpClient(emulator);
    }

    @AfterAll
    static void stop() {
        asUser.shutdown();
        emulator.close();
    }

    @BeforeEach
    void emptyJournal() {
        emulator.journal().clear();
    }

    @Test
    void aCognitoIdentityMayDoWhatItsIotPolicyAllowsAndIsDeniedTheRestWith403() {
        asUser.updateThingShadow(new UpdateThingShadowRequest().withThingName("own-1").withPayload(utf8("{\"state\":{\"reported\":{\"a\":1}}}")));
        asUser.getThingShadow(new GetThingShadowRequest().withThingName("own-1"));
        asUser.publish(new PublishRequest().withTopic("out/status").withPayload(utf8("{}")));
        assertThat(emulator.journal().denials()).isEmpty();

        assertThatThrownBy(() -> asUser.getThingShadow(new GetThingShadowRequest().withThingName("other-1")))
                .isInstanceOfSatisfying(AmazonServiceException.class, error -> {
                    assertThat(error.getStatusCode()).isEqualTo(403);
                    assertThat(error.getErrorCode()).isEqualTo("ForbiddenException");
                    assertThat(error.getErrorMessage()).isEqualTo("Forbidden");
                });
        assertThatThrownBy(() -> asUser.publish(new PublishRequest().withTopic("in/status").withPayload(utf8("{}"))))
                .isInstanceOfSatisfying(AmazonServiceException.class, error -> assertThat(error.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> asUser.listNamedShadowsForThing(new ListNamedShadowsForThingRequest().withThingName("own-1")))
                .isInstanceOfSatisfying(AmazonServiceException.class, error -> assertThat(error.getStatusCode()).isEqualTo(403));

        assertThat(emulator.journal().denials()).extracting(PolicyDenial::action, PolicyDenial::resource).containsExactly(
                org.assertj.core.groups.Tuple.tuple("iot:GetThingShadow", "arn:aws:iot:us-east-1:000000000000:thing/other-1"),
                org.assertj.core.groups.Tuple.tuple("iot:Publish", "arn:aws:iot:us-east-1:000000000000:topic/in/status"),
                org.assertj.core.groups.Tuple.tuple("iot:ListNamedShadowsForThing", "arn:aws:iot:us-east-1:000000000000:thing/own-1"));
        assertThat(emulator.shadows().get("other-1")).isEmpty();
    }

    @Test
    void theAccountKeyIsAllowedEverything() {
        AWSIotData asAdministrator = DataPlane.client(emulator);
        try {
            asAdministrator.updateThingShadow(new UpdateThingShadowRequest().withThingName("other-2").withShadowName("config")
                    .withPayload(utf8("{\"state\":{\"desired\":{\"mode\":\"eco\"}}}")));
            assertThat(asAdministrator.listNamedShadowsForThing(new ListNamedShadowsForThingRequest().withThingName("other-2"))
                    .getResults()).containsExactly("config");
            asAdministrator.publish(new PublishRequest().withTopic("in/anything").withPayload(utf8("{}")));
            assertThat(emulator.journal().denials()).isEmpty();
        } finally {
            asAdministrator.shutdown();
        }
    }

    @Test
    void theAwsApiEndpointServesTheDataPlaneTooSoOneEndpointUrlServesEveryClient() {
        AWSIotData onTheApiEndpoint = DataPlane.client(emulator, new BasicAWSCredentials(emulator.accountCredentials().accessKeyId(),
                emulator.accountCredentials().secretAccessKey()), emulator.endpoints().awsApiEndpoint().toString());
        try {
            onTheApiEndpoint.updateThingShadow(new UpdateThingShadowRequest().withThingName("plain-http")
                    .withPayload(utf8("{\"state\":{\"reported\":{\"via\":\"api\"}}}")));
            assertThat(emulator.shadows().get("plain-http")).hasValueSatisfying(document -> assertThat(document).contains("\"via\":\"api\""));
            assertThatThrownBy(() -> onTheApiEndpoint.getThingShadow(new GetThingShadowRequest().withThingName("never-made")))
                    .isInstanceOfSatisfying(AmazonServiceException.class, error -> {
                        assertThat(error.getStatusCode()).isEqualTo(404);
                        assertThat(error.getErrorCode()).isEqualTo("ResourceNotFoundException");
                    });
        } finally {
            onTheApiEndpoint.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iotdata", "iotdevicegateway"})
    void requestsSignedForEitherServiceNameAreAccepted(String service) throws Exception {
        emulator.shadows().update("own-3", "{\"state\":{\"reported\":{\"up\":true}}}");
        HttpResponse<String> response = SignedHttp.get(http, emulator.endpoints().dataEndpoint(), "/things/own-3/shadow",
                emulator.accountCredentials(), service);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).at("/state/reported/up").asBoolean()).isTrue();
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void aRequestSignedForAnotherServiceIsRefused() throws Exception {
        HttpResponse<String> response = SignedHttp.get(http, emulator.endpoints().dataEndpoint(), "/things/own-3/shadow",
                emulator.accountCredentials(), "iot");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
    }

    @Test
    void unsignedAndWronglySignedRequestsAreRefusedWith403() throws Exception {
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(emulator.endpoints().dataEndpoint().resolve("/things/own-1/shadow"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");

        AWSIotData wrongSecret = DataPlane.client(emulator, new BasicAWSCredentials(emulator.accountCredentials().accessKeyId(),
                "not-the-secret"));
        try {
            assertThatThrownBy(() -> wrongSecret.getThingShadow(new GetThingShadowRequest().withThingName("own-1")))
                    .isInstanceOfSatisfying(AmazonServiceException.class, error -> {
                        assertThat(error.getStatusCode()).isEqualTo(403);
                        assertThat(error.getErrorCode()).isEqualTo("InvalidSignatureException");
                    });
        } finally {
            wrongSecret.shutdown();
        }
    }

    @Test
    void unknownPathsAndMethodsGetAwsShapedAnswers() throws Exception {
        URI endpoint = emulator.endpoints().dataEndpoint();
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(endpoint.resolve("/topics/a")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("x-amzn-ErrorType")).hasValue("MethodNotAllowedException");
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(endpoint.resolve("/nothing-here")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        // a request larger than the door reads is refused before it is read whole
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(endpoint.resolve("/topics/big"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("x-amzn-ErrorType")).hasValue("RequestEntityTooLargeException");
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
