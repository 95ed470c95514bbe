package dev.iotlocal.emulator.internal.sigv4;

import java.util.Objects;
import java.util.Set;

/**
 * What the receiving service expects of a signature. Immutable.
 *
 * @param region        the only region a credential scope may name: the emulator's region
 * @param services      the service names a credential scope may name
 * @param normalizePath whether the canonical URI removes dot segments and duplicate slashes, as every AWS
 *                      SDK does for every service except S3
 */
public record Expectations(String region, Set<String> services, boolean normalizePath) {

    public Expectations {
        Objects.requireNonNull(region, "region");
        services = Set.copyOf(services);
    }

    /**
     * AWS IoT's WebSocket endpoint. It accepts {@code iotdevicegateway} (Device SDK v2, aws-crt, JavaScript)
     * and {@code iotdata} (Device SDK for Java v1) in the credential scope.
     */
    public static Expectations awsIot(String region) {
        return new Expectations(region, Set.of("iotdevicegateway", "iotdata"), true);
    }

    /** AWS Lambda's {@code Invoke} API. */
    public static Expectations lambda(String region) {
        return new Expectations(region, Set.of("lambda"), true);
    }
}
