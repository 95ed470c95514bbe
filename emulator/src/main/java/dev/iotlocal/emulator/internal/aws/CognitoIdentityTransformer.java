package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.util.UUID;

/** Answers Cognito Identity's awsJson1.1 requests, errors included, in the shapes the AWS SDKs parse. */
final class CognitoIdentityTransformer implements ResponseDefinitionTransformerV2 {

    static final String NAME = "iot-local-cognito-identity";
    private static final String TARGET_PREFIX = "AWSCognitoIdentityService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final CognitoIdentityService cognito;

    CognitoIdentityTransformer(CognitoIdentityService cognito) {
        this.cognito = cognito;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String operation = request.getHeader("X-Amz-Target").substring(TARGET_PREFIX.length());
        try {
            JsonNode body = request.getBody().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(request.getBody());
            if (body == null || !body.isObject()) {
                throw new AwsServiceError("SerializationException", "The request body is not a JSON object", 400);
            }
            return respond(200, cognito.handle(operation, body));
        } catch (IOException e) {
            return error(new AwsServiceError("SerializationException", "The request body is not JSON", 400));
        } catch (AwsServiceError e) {
            return error(e);
        }
    }

    private static ResponseDefinition error(AwsServiceError error) {
        return WireMockResponses.of(AwsErrorResponse.awsJson(error.status(), error.type(), error.getMessage()));
    }

    private static ResponseDefinition respond(int status, ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(body.toString())
                .build();
    }
}
