package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;

/**
 * One emulated service (or part of one) behind the AWS API endpoint: a WireMock transformer that answers only the
 * stubs that name it.
 */
abstract class AwsApiTransformer implements ResponseDefinitionTransformerV2 {

    private final String name;

    AwsApiTransformer(String name) {
        this.name = name;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final boolean applyGlobally() {
        return false;
    }
}
