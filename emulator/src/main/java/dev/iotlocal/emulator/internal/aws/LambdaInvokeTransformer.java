package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers Lambda's restJson1 Invoke, errors included, in the shapes the AWS SDKs parse. */
final class LambdaInvokeTransformer extends AwsApiTransformer {

    static final String NAME = "iot-local-lambda-invoke";

    private final LambdaService lambda;

    LambdaInvokeTransformer(LambdaService lambda) {
        super(NAME);
        this.lambda = lambda;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        try {
            LambdaService.Answer answer = lambda.invoke(signedRequest(request), request.getHeader("X-Amz-Invocation-Type"));
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(answer.status())
                    .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .withHeader("X-Amz-Executed-Version", "$LATEST")
                    .withHeader("Content-Type", "application/json")
                    .withBody(answer.body());
            if (answer.functionError() != null) {
                response.withHeader("X-Amz-Function-Error", answer.functionError());
            }
            return response.build();
        } catch (AwsServiceError error) {
            return WireMockResponses.of(AwsErrorResponse.restJson(error.status(), error.type(), error.getMessage()));
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
