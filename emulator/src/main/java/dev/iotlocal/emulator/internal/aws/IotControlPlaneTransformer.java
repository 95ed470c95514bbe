package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.Expectations;
import dev.iotlocal.emulator.internal.sigv4.SigV4;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.sigv4.Verification;
import dev.iotlocal.emulator.internal.util.ClientText;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT's control plane (service {@code iot}, restJson1) on the AWS API endpoint, for {@code IotClient} and
 * {@code aws iot}: every request is SigV4-verified (signing name {@code iot}, or {@code execute-api} as older SDKs
 * sign) and must be signed with the account's key (Cognito's credentials are refused as an IAM role without
 * {@code iot:*} permissions is), routed by method and path as the service model binds its operations, and answered with the model's
 * output shape or its error shape ({@code x-amzn-ErrorType} and {@code message}). A path the control plane does
 * not serve is answered as any operation the emulator does not emulate. Thread-safe.
 */
final class IotControlPlaneTransformer extends AwsApiTransformer {

    static final String NAME = "iot-local-iot-control-plane";
    /** The first path segments of AWS IoT's control-plane operations, so unsigned requests to them are refused as AWS refuses them. */
    static final String PATH_PATTERN = "/(things|thing-types|thing-groups|certificates|certificate|keys-and-certificate|policies"
            + "|certificates-by-ca|target-policies|attached-policies|policy-targets|principals|principal-policies|policy-principals|endpoint"
            + "|effective-policies|test-authorization|jobs|provisioning-templates|cacertificate|cacertificates)([/?].*)?";
    /** The credential scopes {@code IotClient} signs with: {@code iot} now, {@code execute-api} before 2023. */
    static final String SIGNED_FOR_IOT = ".*Credential=[^,]*/(iot|execute-api)/aws4_request.*";

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.aws.iot");

    private final IotRoutes routes;
    private final SigV4Verifier verifier;
    private final Expectations expectations;
    private final CredentialLookup credentials;
    private final NotEmulatedTransformer notEmulated;
    private final String administratorKeyId;

    /**
     * @param credentials        every key whose signature is verified: the account's and those Cognito issued
     * @param administratorKeyId the account's key, the only one allowed to call the control plane
     */
    IotControlPlaneTransformer(IotRoutes routes, String region, SigV4Verifier verifier, CredentialLookup credentials,
                               String administratorKeyId, NotEmulatedTransformer notEmulated) {
        super(NAME);
        this.administratorKeyId = administratorKeyId;
        this.routes = routes;
        this.verifier = verifier;
        this.expectations = new Expectations(region, Set.of("iot", "execute-api"), true);
        this.credentials = credentials;
        this.notEmulated = notEmulated;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String url = request.getUrl();
        int question = url.indexOf('?');
        String rawPath = question < 0 ? url : url.substring(0, question);
        String method = request.getMethod().getName();
        Optional<IotRoutes.Match> match = routes.match(method, rawPath);
        if (match.isEmpty()) {
            return notEmulated.transform(serveEvent);
        }
        String operation = match.get().operation();
        try {
            Verification verification = verifier.verifyHeader(LambdaInvokeTransformer.signedRequest(request), expectations, credentials);
            if (verification instanceof Verification.Refused refused) {
                AwsServiceError error = AwsErrors.forRefusedSignature(refused);
                // the reason only: the message may quote the canonical request, session token included
                LOG.info("{} refused: {} ({})", operation, error.type(), refused.reason());
                return WireMockResponses.of(AwsErrorResponse.iot(error.status(), error.type(), error.getMessage(), Map.of()));
            }
            String signer = ((Verification.Verified) verification).accessKeyId();
            if (!signer.equals(administratorKeyId)) {
                LOG.info("{} refused: {} is not the account's key", operation, signer);
                return WireMockResponses.of(AwsErrorResponse.iot(403, "AccessDeniedException", "User: " + signer
                        + " is not authorized to perform: iot:" + operation + " because no identity-based policy allows the iot:"
                        + operation + " action (IoT Local lets only the account's key, IotEmulator.accountCredentials(), call "
                        + "AWS IoT's control plane)", Map.of()));
            }
            IotRequest parsed = new IotRequest(method, rawPath, match.get().labels(), query(question < 0 ? "" : url.substring(question + 1)),
                    headers(request), body(request.getBody()));
            ObjectNode answer = match.get().handler().handle(parsed);
            LOG.debug("{} answered", operation);
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .withBody(answer == null ? "{}" : answer.toString())
                    .build();
        } catch (RegistryError error) {
            LOG.info("Answered {} {} to {}: {}", error.kind().status(), error.kind().type(), operation, error.getMessage());
            return WireMockResponses.of(AwsErrorResponse.iot(error.kind().status(), error.kind().type(), error.getMessage(), error.members()));
        } catch (RuntimeException bug) {
            // whatever went wrong is the emulator's fault: AWS's answer to that, never WireMock's 500 page
            LOG.warn("{} failed inside the emulator", operation, bug);
            return WireMockResponses.of(AwsErrorResponse.iot(500, "InternalFailureException",
                    "An internal error occurred in IoT Local (" + bug.getClass().getSimpleName() + "); the emulator's log has the details",
                    Map.of()));
        }
    }

    private static ObjectNode body(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode body = Json.MAPPER.readTree(bytes);
            if (body == null || body.isMissingNode()) {
                return Json.MAPPER.createObjectNode();
            }
            if (!body.isObject()) {
                throw RegistryError.invalidRequest("The request body is not a JSON object");
            }
            return (ObjectNode) body;
        } catch (IOException e) {
            throw RegistryError.invalidRequest("The request body is not valid JSON: " + ClientText.printable(e.getMessage(), 200));
        }
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return SigV4.uriDecode(text);
        } catch (IllegalArgumentException malformed) {
            throw RegistryError.invalidRequest("The query is not valid percent-encoding");
        }
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.putIfAbsent(header.key().toLowerCase(Locale.ROOT), header.firstValue());
        }
        return headers;
    }
}
