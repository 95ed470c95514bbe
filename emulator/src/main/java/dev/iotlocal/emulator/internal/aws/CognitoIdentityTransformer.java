package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Answers Cognito Identity's awsJson1.1 requests, errors included, in the shapes the AWS SDKs parse; operations the
 * service does not run are answered as every request the endpoint does not serve.
 */
final class CognitoIdentityTransformer extends AwsApiTransformer {

    static final String NAME = "iot-local-cognito-identity";
    private static final String TARGET_PREFIX = "AWSCognitoIdentityService.";

    private final CognitoIdentityService cognito;
    private final NotEmulatedTransformer notEmulated;

    CognitoIdentityTransformer(CognitoIdentityService cognito, NotEmulatedTransformer notEmulated) {
        super(NAME);
        this.cognito = cognito;
        this.notEmulated = notEmulated;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        Optional<Function<JsonNode, ObjectNode>> operation = cognito.operation(request.getHeader("X-Amz-Target").substring(TARGET_PREFIX.length()));
        if (operation.isEmpty()) {
            return notEmulated.transform(serveEvent);
        }
        try {
            JsonNode body = request.getBody().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(request.getBody());
            if (body == null || !body.isObject()) {
                throw new AwsServiceError("SerializationException", "The request body is not a JSON object", 400);
            }
            return new ResponseDefinitionBuilder().withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .withBody(operation.get().apply(body).toString())
                    .build();
        } catch (IOException e) {
            return error(new AwsServiceError("SerializationException", "The request body is not JSON", 400));
        } catch (AwsServiceError e) {
            return error(e);
        }
    }

    private static ResponseDefinition error(AwsServiceError error) {
        return WireMockResponses.of(AwsErrorResponse.awsJson(error.status(), error.type(), error.getMessage()));
    }
}
