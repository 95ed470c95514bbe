package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers Lambda's restJson1 Invoke, errors included, in the shapes the AWS SDKs parse. */
final class LambdaInvokeTransformer implements ResponseDefinitionTransformerV2 {

    static final String NAME = "iot-local-lambda-invoke";

    private final LambdaService lambda;

    LambdaInvokeTransformer(LambdaService lambda) {
        this.lambda = lambda;
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
        String requestId = UUID.randomUUID().toString();
        try {
            LambdaService.Answer answer = lambda.invoke(signedRequest(request), request.getHeader("X-Amz-Invocation-Type"));
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(answer.status())
                    .withHeader("x-amzn-RequestId", requestId)
                    .withHeader("X-Amz-Executed-Version", "$LATEST")
                    .withHeader("Content-Type", "application/json")
                    .withBody(answer.body());
            if (answer.functionError() != null) {
                response.withHeader("X-Amz-Function-Error", answer.functionError());
            }
            return response.build();
        } catch (AwsServiceError error) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (error.status() == 404 || error.status() >= 500) {
                // Lambda's ResourceNotFoundException and ServiceException use "Message" and "Type": whose fault it is
                body.put("Message", error.getMessage()).put("Type", error.status() >= 500 ? "Service" : "User");
            } else {
                body.put("message", error.getMessage());
            }
            return new ResponseDefinitionBuilder().withStatus(error.status())
                    .withHeader("x-amzn-RequestId", requestId)
                    .withHeader("x-amzn-ErrorType", error.type())
                    .withHeader("Content-Type", "application/json")
                    .withBody(body.toString())
                    .build();
        }
    }

    static SignedRequest signedRequest(Request request) {
        String url = request.getUrl();
        int question = url.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key(), new ArrayList<>(header.values()));
        }
        return new SignedRequest(request.getMethod().getName(), question < 0 ? url : url.substring(0, question),
                question < 0 ? null : url.substring(question + 1), headers, request.getBody());
    }
}
