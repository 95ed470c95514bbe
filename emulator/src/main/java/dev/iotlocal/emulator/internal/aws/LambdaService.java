package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.cognito.AuthFunction;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.Expectations;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.sigv4.Verification;
import dev.iotlocal.emulator.internal.util.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS Lambda's {@code Invoke} for the one emulated auth function: the request must be SigV4-signed with
 * credentials the emulator issued, as Lambda requires; function errors are HTTP 200 with
 * {@code X-Amz-Function-Error}, as Lambda answers them. Thread-safe.
 */
final class LambdaService {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.lambda");
    private static final String PATH_PREFIX = "/2015-03-31/functions/";

    /** What Invoke answers: status, optional function error, body, content type. */
    record Answer(int status, String functionError, String body) {}

    private final String region;
    private final String accountId;
    private final String functionName;
    private final AuthFunction function;
    private final AuthFunction.UserPool userPool;
    private final SigV4Verifier verifier;
    private final Expectations expectations;
    private final CredentialLookup issuedCredentials;

    LambdaService(String region, String accountId, String functionName, AuthFunction function, AuthFunction.UserPool userPool,
                  SigV4Verifier verifier, CredentialRegistry credentials) {
        this.region = region;
        this.accountId = accountId;
        this.functionName = functionName;
        this.function = function;
        this.userPool = userPool;
        this.verifier = verifier;
        this.expectations = Expectations.lambda(region);
        this.issuedCredentials = credentials.lookup();
    }

    Answer invoke(SignedRequest request, String invocationType) {
        Verification verification = verifier.verifyHeader(request, expectations, issuedCredentials);
        if (verification instanceof Verification.Refused refused) {
            LOG.info("Invoke refused: {}", refused.message());
            throw AwsErrors.forRefusedSignature(refused);
        }
        String caller = ((Verification.Verified) verification).accessKeyId();
        String requested = functionNameIn(request.rawPath());
        if (!requested.equals(functionName)) {
            throw new AwsServiceError("ResourceNotFoundException", "Function not found: " + arn(requested), 404);
        }
        String payload = new String(request.body(), StandardCharsets.UTF_8);
        if (!payload.isBlank()) {
            try {
                Json.MAPPER.readTree(payload);
            } catch (JsonProcessingException e) {
                throw new AwsServiceError("InvalidRequestContentException",
                        "Could not parse request body into json: " + e.getOriginalMessage(), 400);
            }
        }
        switch (invocationType == null ? "RequestResponse" : invocationType) {
            case "DryRun":
                return new Answer(204, null, "");
            case "Event":
                return new Answer(202, null, "");
            case "RequestResponse":
                break;
            default:
                throw new AwsServiceError("InvalidParameterValueException",
                        "Invalid invocation type: " + invocationType, 400);
        }
        try {
            String result = function.invoke(payload, userPool);
            LOG.info("Invoked {} for {}: success", functionName, caller);
            return new Answer(200, null, result == null ? "null" : result);
        } catch (AuthFunction.FunctionError error) {
            LOG.info("Invoked {} for {}: {} {}", functionName, caller, error.errorType(), error.getMessage());
            return new Answer(200, "Unhandled", functionError(error.errorType(), error.getMessage()));
        } catch (RuntimeException crash) {
            LOG.info("Invoked {} for {}: the function threw {}", functionName, caller, crash.toString());
            return new Answer(200, "Unhandled", functionError(crash.getClass().getSimpleName(), String.valueOf(crash.getMessage())));
        }
    }

    private static String functionError(String type, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode().put("errorMessage", message).put("errorType", type);
        error.putArray("stackTrace");
        return error.toString();
    }

    /** The function name of {@code /2015-03-31/functions/{name|arn|name:qualifier}/invocations}. */
    private static String functionNameIn(String rawPath) {
        String encoded = rawPath.substring(PATH_PREFIX.length(), rawPath.length() - "/invocations".length());
        String name = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        int function = name.indexOf("function:");
        if (function >= 0) {
            name = name.substring(function + "function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private String arn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }
}
