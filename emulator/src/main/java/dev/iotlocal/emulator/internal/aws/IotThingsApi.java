package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import java.util.function.Supplier;

/** PLACEHOLDER: AWS IoT's things operations. */
final class IotThingsApi {

    private IotThingsApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
    }
}
