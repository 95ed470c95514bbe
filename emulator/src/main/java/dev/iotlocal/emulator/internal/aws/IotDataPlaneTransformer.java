package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * AWS IoT's HTTPS data plane on the AWS API endpoint too, for requests signed for {@code iotdata} or
 * {@code iotdevicegateway}: one {@code AWS_ENDPOINT_URL} then serves every AWS SDK client and {@code aws} command,
 * {@code iot-data} included, without trusting the emulator CA. The same {@link IotDataPlane} answers as on the data
 * endpoint.
 */
final class IotDataPlaneTransformer extends AwsApiTransformer {

    static final String NAME = "iot-local-iot-data-plane";
    /** The credential scopes the data plane accepts. */
    static final String SIGNED_FOR_IOT_DATA = ".*Credential=[^,]*/(iotdata|iotdevicegateway)/aws4_request.*";

    private final CompletableFuture<IotDataPlane> dataPlane;

    /** @param dataPlane made once the broker runs; requests before that wait for it */
    IotDataPlaneTransformer(CompletableFuture<IotDataPlane> dataPlane) {
        super(NAME);
        this.dataPlane = dataPlane;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        SignedRequest received = LambdaInvokeTransformer.signedRequest(request);
        try {
            IotDataPlane.Answer answer = dataPlane.get(30, TimeUnit.SECONDS)
                    .handle(received.method(), request.getUrl(), received.headers(), received.body(), request.getClientIp())
                    .get(30, TimeUnit.SECONDS);
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(answer.status()).withBody(answer.body());
            answer.headers().forEach(response::withHeader);
            return response.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WireMockResponses.of(AwsErrorResponse.restJson(503, "ServiceUnavailableException", "IoT Local is stopping"));
        } catch (ExecutionException | TimeoutException e) {
            IotDataPlane.LOG.warn("A data-plane request on the AWS API endpoint failed", e);
            return WireMockResponses.of(AwsErrorResponse.restJson(503, "ServiceUnavailableException",
                    "The data plane did not answer (" + e.getClass().getSimpleName() + ")"));
        }
    }
}
