package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import java.util.function.Supplier;

/** PLACEHOLDER: AWS IoT's certificates operations. */
final class IotCertificatesApi {

    private IotCertificatesApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
    }
}
