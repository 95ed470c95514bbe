package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every AWS IoT control-plane operation the emulator serves, by route: certificates, things and thing groups,
 * policies, and DescribeEndpoint. Each part's routes live beside its handlers.
 */
final class IotControlPlane {

    private static final Set<String> ENDPOINT_TYPES = Set.of("iot:Data", "iot:Data-ATS", "iot:CredentialProvider", "iot:Jobs");

    private IotControlPlane() {}

    /**
     * @param account  the registry, which may still be starting (it waits for the CA)
     * @param policies the policy evaluator, likewise (TestAuthorization, GetEffectivePolicies)
     * @param host    the host name clients of this emulator connect to
     */
    static IotRoutes routes(Supplier<AccountRegistry> account, Supplier<PolicyEvaluator> policies, String host) {
        IotRoutes routes = new IotRoutes();
        IotCertificatesApi.register(routes, account);
        IotThingsApi.register(routes, account);
        IotPoliciesApi.register(routes, account);
        IotAuthorizationApi.register(routes, account, policies);
        routes.add("DescribeEndpoint", "GET", "/endpoint", request -> {
            String type = request.query("endpointType").orElse("iot:Data");
            if (!ENDPOINT_TYPES.contains(type)) {
                throw RegistryError.invalidRequest("Endpoint type " + ModelConstraints.shown(type) + " is not valid.");
            }
            // every endpoint of the emulator is on this host; the ports are in the connection file and Endpoints
            return IotRequest.answer().put("endpointAddress", host);
        });
        return routes;
    }
}
