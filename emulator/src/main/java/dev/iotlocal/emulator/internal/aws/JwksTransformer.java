package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.function.Supplier;

/** Serves the user pool's JWKS, read when asked for, since the pool's key is made after the endpoint starts. */
final class JwksTransformer extends AwsApiTransformer {

    static final String NAME = "iot-local-jwks";

    private final Supplier<String> jwks;

    JwksTransformer(Supplier<String> jwks) {
        super(NAME);
        this.jwks = jwks;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        return new ResponseDefinitionBuilder().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(jwks.get())
                .build();
    }
}
