package dev.iotlocal.emulator;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where the emulator listens: the host name clients use, the address it binds and its ports. The defaults suit
 * tests: loopback only and free ports. Immutable and thread-safe; derive a variant with {@link #toBuilder()}.
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *         .listeners(listeners -> listeners.mtlsPort(8883).wssPort(8443))
 *         .build();
 * }</pre>
 */
public final class ListenerConfig {

    private static final ListenerConfig DEFAULTS = new Builder().build();

    private final String host;
    private final List<String> extraHostNames;
    private final InetAddress bindAddress;
    private final int mtlsPort;
    private final int wssPort;
    private final int awsApiPort;
    private final OptionalInt awsApiHttpsPort;
    private final OptionalInt plainTcpPort;

    private ListenerConfig(Builder builder) {
        this.host = builder.host;
        this.extraHostNames = List.copyOf(builder.extraHostNames);
        this.bindAddress = builder.bindAddress;
        this.mtlsPort = builder.mtlsPort;
        this.wssPort = builder.wssPort;
        this.awsApiPort = builder.awsApiPort;
        this.awsApiHttpsPort = builder.awsApiHttpsPort;
        this.plainTcpPort = builder.plainTcpPort;
    }

    /** Loopback, free ports, no HTTPS AWS API port, no plain-TCP port. */
    public static ListenerConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The host name clients use; also in the server certificate. Default {@code localhost}. */
    public String host() {
        return host;
    }

    /** Further host names or IP addresses the server certificate is valid for. */
    public List<String> extraHostNames() {
        return extraHostNames;
    }

    /** The address the listeners bind to. Default: the loopback address, so nothing outside this machine can connect. */
    public InetAddress bindAddress() {
        return bindAddress;
    }

    /** The mutual-TLS MQTT port (AWS IoT's 8883); 0 (the default) picks a free one. */
    public int mtlsPort() {
        return mtlsPort;
    }

    /** The MQTT-over-WebSocket port (AWS IoT's 443), signed with SigV4; 0 (the default) picks a free one. */
    public int wssPort() {
        return wssPort;
    }

    /**
     * The port of the AWS API endpoint (Cognito Identity, the auth Lambda, the user pool's JWKS), like
     * LocalStack's edge port; 0 (the default) picks a free one. Point the AWS SDK's {@code endpointOverride} at it.
     */
    public int awsApiPort() {
        return awsApiPort;
    }

    /**
     * An HTTPS port for the AWS API endpoint, with a server certificate from the emulator CA; only when
     * configured (0 picks a free one). For clients that insist on HTTPS.
     */
    public OptionalInt awsApiHttpsPort() {
        return awsApiHttpsPort;
    }

    /**
     * The plain-TCP debugging port, present only when explicitly enabled (0 picks a free one). Connections
     * there prove no identity; AWS IoT has no such door.
     */
    public OptionalInt plainTcpPort() {
        return plainTcpPort;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ListenerConfig that
                && host.equals(that.host)
                && extraHostNames.equals(that.extraHostNames)
                && bindAddress.equals(that.bindAddress)
                && mtlsPort == that.mtlsPort
                && wssPort == that.wssPort
                && awsApiPort == that.awsApiPort
                && awsApiHttpsPort.equals(that.awsApiHttpsPort)
                && plainTcpPort.equals(that.plainTcpPort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, extraHostNames, bindAddress, mtlsPort, wssPort, awsApiPort, awsApiHttpsPort, plainTcpPort);
    }

    @Override
    public String toString() {
        return "ListenerConfig[host=" + host + ", extraHostNames=" + extraHostNames + ", bindAddress=" + bindAddress.getHostAddress()
                + ", mtlsPort=" + mtlsPort + ", wssPort=" + wssPort + ", awsApiPort=" + awsApiPort
                + ", awsApiHttpsPort=" + awsApiHttpsPort + ", plainTcpPort=" + plainTcpPort + "]";
    }

    /** Builds a {@link ListenerConfig}; starts from {@link #defaults()}. Not thread-safe. */
    public static final class Builder {
        private String host = "localhost";
        private final List<String> extraHostNames = new ArrayList<>();
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int mtlsPort;
        private int wssPort;
        private int awsApiPort;
        private OptionalInt awsApiHttpsPort = OptionalInt.empty();
        private OptionalInt plainTcpPort = OptionalInt.empty();

        private Builder() {}

        private Builder(ListenerConfig config) {
            host = config.host;
            extraHostNames.addAll(config.extraHostNames);
            bindAddress = config.bindAddress;
            mtlsPort = config.mtlsPort;
            wssPort = config.wssPort;
            awsApiPort = config.awsApiPort;
            awsApiHttpsPort = config.awsApiHttpsPort;
            plainTcpPort = config.plainTcpPort;
        }

        /** See {@link ListenerConfig#host()}. */
        public Builder host(String host) {
            this.host = requireName(host);
            return this;
        }

        /** See {@link ListenerConfig#extraHostNames()}. */
        public Builder addHostName(String hostName) {
            extraHostNames.add(requireName(hostName));
            return this;
        }

        /** See {@link ListenerConfig#bindAddress()}. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** See {@link ListenerConfig#mtlsPort()}. */
        public Builder mtlsPort(int port) {
            this.mtlsPort = requirePort(port);
            return this;
        }

        /** See {@link ListenerConfig#wssPort()}. */
        public Builder wssPort(int port) {
            this.wssPort = requirePort(port);
            return this;
        }

        /** See {@link ListenerConfig#awsApiPort()}. */
        public Builder awsApiPort(int port) {
            this.awsApiPort = requirePort(port);
            return this;
        }

        /** Enables HTTPS on the AWS API endpoint; see {@link ListenerConfig#awsApiHttpsPort()}. */
        public Builder awsApiHttpsPort(int port) {
            this.awsApiHttpsPort = OptionalInt.of(requirePort(port));
            return this;
        }

        /** Enables the plain-TCP debugging listener; see {@link ListenerConfig#plainTcpPort()}. */
        public Builder plainTcpPort(int port) {
            this.plainTcpPort = OptionalInt.of(requirePort(port));
            return this;
        }

        public ListenerConfig build() {
            return new ListenerConfig(this);
        }

        private static int requirePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port is 0 (pick a free one) to 65535: " + port);
            }
            return port;
        }

        private static String requireName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("A host name must not be blank");
            }
            return name;
        }
    }
}
