package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.cognito.AuthFunction;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.identity.UserPoolTokens;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import java.util.function.Supplier;

/** The emulated AWS services behind the AWS API endpoint, wired to the one credential registry. */
public record AwsServices(CognitoIdentityService cognito, LambdaService lambda, String userPoolId, Supplier<String> jwksJson) {

    public static AwsServices create(EmulatorConfig config, UserPoolTokens userPool, CredentialRegistry credentials, SigV4Verifier verifier) {
        AuthFunction function = config.cognito().authFunction().orElseGet(BuiltInAuthFunction::new);
        return new AwsServices(
                new CognitoIdentityService(config.region(), config.identityPoolId(), config.cognito().allowUnauthenticatedIdentities(), userPool, credentials),
                new LambdaService(config.region(), config.accountId(), config.cognito().authFunctionName(), function, userPool, verifier, credentials),
                userPool.id(),
                userPool::jwksJson);
    }
}
