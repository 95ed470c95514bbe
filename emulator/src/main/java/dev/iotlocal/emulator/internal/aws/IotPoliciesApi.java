package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import java.util.function.Supplier;

/** PLACEHOLDER: AWS IoT's policies operations. */
final class IotPoliciesApi {

    private IotPoliciesApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
    }
}
