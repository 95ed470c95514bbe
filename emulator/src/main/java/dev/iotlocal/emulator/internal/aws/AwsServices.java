package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.cognito.AuthFunction;
import dev.iotlocal.emulator.internal.identity.AccountKeys;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.identity.UserPoolTokens;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The emulated AWS services behind the AWS API endpoint, wired to the one credential registry and the one account.
 *
 * @param iotRoutes               AWS IoT's control-plane operations
 * @param controlPlaneCredentials whose signatures control-plane requests are verified against
 * @param administratorKeyId      the account's key, the only one the control plane serves
 * @param dataPlane               AWS IoT's data plane, made once the broker runs
 */
public record AwsServices(CognitoIdentityService cognito, LambdaService lambda, String userPoolId, Supplier<String> jwksJson,
                          String region, SigV4Verifier verifier, IotRoutes iotRoutes, CredentialLookup controlPlaneCredentials,
                          String administratorKeyId, CompletableFuture<IotDataPlane> dataPlane) {

    /**
     * @param account  the account, which may still be starting; the control plane waits for it on its first request
     * @param policies the policy evaluator, likewise
     */
    public static AwsServices create(EmulatorConfig config, UserPoolTokens userPool, CredentialRegistry credentials, SigV4Verifier verifier,
                                     Supplier<AccountRegistry> account, Supplier<PolicyEvaluator> policies,
                                     AccountCredentials administrator, CompletableFuture<IotDataPlane> dataPlane) {
        AuthFunction function = config.cognito().authFunction().orElseGet(BuiltInAuthFunction::new);
        return new AwsServices(
                new CognitoIdentityService(config.region(), config.identityPoolId(), config.cognito().allowUnauthenticatedIdentities(), userPool, credentials),
                new LambdaService(config.region(), config.accountId(), config.cognito().authFunctionName(), function, userPool, verifier, credentials),
                userPool.id(),
                userPool::jwksJson,
                config.region(),
                verifier,
                IotControlPlane.routes(account, policies, config.listeners().host()),
                AccountKeys.lookup(administrator, credentials),
                administrator.accessKeyId(),
                dataPlane);
    }
}
