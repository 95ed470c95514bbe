package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/** The AWS API endpoint's bridge from an {@link AwsErrorResponse} to what WireMock sends. */
final class WireMockResponses {

    private WireMockResponses() {}

    static ResponseDefinition of(AwsErrorResponse error) {
        ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(error.status()).withBody(error.body());
        error.headers().forEach(response::withHeader);
        return response.build();
    }
}
