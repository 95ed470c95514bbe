package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.MultiValue;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.util.ClientText;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request the AWS API endpoint does not serve as the service it was meant for answers an operation it
 * does not know, so an AWS SDK raises its service exception at once and the log gets one line. The service is told
 * by what the request carries: the {@code X-Amz-Target} prefix of awsJson services, the service of its SigV4
 * credential scope, {@code Action=} of awsQuery services, Lambda's path; the operation is named where the request
 * names it. Thread-safe.
 */
final class NotEmulatedTransformer extends AwsApiTransformer {

    static final String NAME = "iot-local-not-emulated";

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.aws");
    /** Operation and service names as AWS spells them; a request naming anything else is not quoted in answers and logs. */
    private static final Pattern NAME_AS_AWS_SPELLS_IT = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final Pattern SIGNING_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    /** awsJson services by their {@code X-Amz-Target} prefix, to their SigV4 signing names (their public operations are sent unsigned). */
    private static final Map<String, String> TARGET_PREFIXES = Map.of(
            "AWSCognitoIdentityService", "cognito-identity",
            "AWSCognitoIdentityProviderService", "cognito-idp");
    /** The names people know services by, from their SigV4 signing names; other services go by their signing name. */
    private static final Map<String, String> SERVICE_NAMES = Map.of(
            "cognito-identity", "Amazon Cognito Identity",
            "cognito-idp", "Amazon Cognito user pools",
            "iot", "AWS IoT",
            "iotdata", "AWS IoT data plane",
            "iot-jobs-data", "AWS IoT jobs data plane",
            "lambda", "AWS Lambda",
            "sts", "AWS STS");
    private static final String LAMBDA_PATH_PREFIX = "/2015-03-31/";

    private enum Protocol { AWS_JSON, AWS_QUERY, REST_JSON }

    /** What an unserved request tells of itself; {@code service} is a signing name, or null when it tells none. */
    private record Unserved(String service, Optional<String> operation, Protocol protocol) {}

    NotEmulatedTransformer() {
        super(NAME);
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String method = request.getMethod().getName();
        String path = ClientText.printable(pathOf(request.getUrl()), 200);
        Unserved unserved = recognize(request, path);
        String service = unserved.service() == null ? "AWS" : SERVICE_NAMES.getOrDefault(unserved.service(), unserved.service());
        String message = "IoT Local does not emulate the " + service + " operation "
                + unserved.operation().orElse("at " + method + " " + path);
        // the codes AWS answers an unknown operation with; 400, as no SDK retries it
        String code = unserved.protocol() == Protocol.AWS_QUERY ? "InvalidAction" : "UnknownOperationException";
        AwsErrorResponse answer = switch (unserved.protocol()) {
            case AWS_JSON -> AwsErrorResponse.awsJson(400, code, message);
            case AWS_QUERY -> AwsErrorResponse.awsQuery(400, code, message);
            case REST_JSON -> AwsErrorResponse.restJson(400, code, message);
        };
        LOG.info("Answered {} {}: {}", answer.status(), code, message);
        return WireMockResponses.of(answer);
    }

    private static Unserved recognize(Request request, String path) {
        String signedFor = signingName(request);
        HttpHeader target = request.header("X-Amz-Target");
        if (target.isPresent() && target.firstValue().contains(".")) {
            String prefix = target.firstValue().substring(0, target.firstValue().indexOf('.'));
            String operation = target.firstValue().substring(prefix.length() + 1);
            String service = TARGET_PREFIXES.getOrDefault(prefix, signedFor != null ? signedFor : named(prefix).orElse(null));
            return new Unserved(service, named(operation), Protocol.AWS_JSON);
        }
        Optional<String> action = first(request.formParameter("Action")).or(() -> first(request.queryParameter("Action")));
        if (action.isPresent()) {
            return new Unserved(signedFor, named(action.get()), Protocol.AWS_QUERY);
        }
        String service = signedFor != null ? signedFor : path.startsWith(LAMBDA_PATH_PREFIX) ? "lambda" : null;
        return new Unserved(service, Optional.empty(), Protocol.REST_JSON);
    }

    /** The service of the SigV4 credential scope {@code key/date/region/service/aws4_request}, header or query signed. */
    private static String signingName(Request request) {
        String credential = null;
        HttpHeader authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            int start = authorization.firstValue().indexOf("Credential=");
            if (start >= 0) {
                credential = authorization.firstValue().substring(start + "Credential=".length()).split("[,\\s]", 2)[0];
            }
        } else {
            credential = first(request.queryParameter("X-Amz-Credential")).orElse(null);
        }
        String[] scope = credential == null ? new String[0] : credential.split("/");
        return scope.length == 5 && scope[4].equals("aws4_request") && SIGNING_NAME.matcher(scope[3]).matches() ? scope[3] : null;
    }

    private static Optional<String> named(String name) {
        return NAME_AS_AWS_SPELLS_IT.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    private static Optional<String> first(MultiValue value) {
        return value.isPresent() ? Optional.of(value.firstValue()) : Optional.empty();
    }

    private static String pathOf(String url) {
        int question = url.indexOf('?');
        return question < 0 ? url : url.substring(0, question);
    }
}
