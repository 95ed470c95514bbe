package dev.iotlocal.emulator;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything that shapes an emulator, immutable and thread-safe. The defaults suit tests: loopback only,
 * ephemeral ports, a CA that lives as long as the emulator, every AWS IoT rule on.
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *         .region("eu-west-1")
 *         .rules(AwsIotRules.builder().retainedMessages(RetainedMessages.AWS).build())
 *         .build();
 * }</pre>
 */
public final class EmulatorConfig {

    /** The region the emulator plays unless told otherwise. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The account id the emulator plays unless told otherwise. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    private final String region;
    private final String accountId;
    private final String host;
    private final List<String> extraHostNames;
    private final InetAddress bindAddress;
    private final int mtlsPort;
    private final OptionalInt plainTcpPort;
    private final Optional<Path> dataDirectory;
    private final AwsIotRules rules;

    private EmulatorConfig(Builder builder) {
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.host = builder.host;
        this.extraHostNames = List.copyOf(builder.extraHostNames);
        this.bindAddress = builder.bindAddress;
        this.mtlsPort = builder.mtlsPort;
        this.plainTcpPort = builder.plainTcpPort;
        this.dataDirectory = builder.dataDirectory;
        this.rules = builder.rules;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: loopback, ephemeral ports, temporary CA, {@link AwsIotRules#strict()}. */
    public static EmulatorConfig defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The AWS region the emulator plays, e.g. {@code us-east-1}. */
    public String region() {
        return region;
    }

    /** The 12-digit AWS account id the emulator plays. */
    public String accountId() {
        return accountId;
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

    /** The mutual-TLS port; 0 (the default) picks a free one. */
    public int mtlsPort() {
        return mtlsPort;
    }

    /**
     * The plain-TCP debugging port, present only when explicitly enabled (0 picks a free one). Connections
     * there prove no identity; AWS IoT has no such door.
     */
    public OptionalInt plainTcpPort() {
        return plainTcpPort;
    }

    /**
     * Where the CA and the certificate registry are kept so that they survive restarts; empty (the
     * default) means a fresh CA for each start, and nothing left on disk after {@code close()}.
     */
    public Optional<Path> dataDirectory() {
        return dataDirectory;
    }

    /** The AWS IoT rules the broker enforces. */
    public AwsIotRules rules() {
        return rules;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmulatorConfig that
                && region.equals(that.region)
                && accountId.equals(that.accountId)
                && host.equals(that.host)
                && extraHostNames.equals(that.extraHostNames)
                && bindAddress.equals(that.bindAddress)
                && mtlsPort == that.mtlsPort
                && plainTcpPort.equals(that.plainTcpPort)
                && dataDirectory.equals(that.dataDirectory)
                && rules.equals(that.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, accountId, host, extraHostNames, bindAddress, mtlsPort, plainTcpPort, dataDirectory, rules);
    }

    @Override
    public String toString() {
        return "EmulatorConfig[region=" + region + ", accountId=" + accountId + ", host=" + host
                + ", extraHostNames=" + extraHostNames + ", bindAddress=" + bindAddress.getHostAddress()
                + ", mtlsPort=" + mtlsPort + ", plainTcpPort=" + plainTcpPort + ", dataDirectory=" + dataDirectory
                + ", rules=" + rules + "]";
    }

    /** Builds an {@link EmulatorConfig}. Not thread-safe. */
    public static final class Builder {
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private String host = "localhost";
        private final List<String> extraHostNames = new ArrayList<>();
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int mtlsPort = 0;
        private OptionalInt plainTcpPort = OptionalInt.empty();
        private Optional<Path> dataDirectory = Optional.empty();
        private AwsIotRules rules = AwsIotRules.strict();

        private Builder() {}

        private Builder(EmulatorConfig config) {
            region = config.region;
            accountId = config.accountId;
            host = config.host;
            extraHostNames.addAll(config.extraHostNames);
            bindAddress = config.bindAddress;
            mtlsPort = config.mtlsPort;
            plainTcpPort = config.plainTcpPort;
            dataDirectory = config.dataDirectory;
            rules = config.rules;
        }

        /** See {@link EmulatorConfig#region()}. */
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new IllegalArgumentException("Not an AWS region name like us-east-1: " + region);
            }
            this.region = region;
            return this;
        }

        /** See {@link EmulatorConfig#accountId()}. */
        public Builder accountId(String accountId) {
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("An AWS account id is 12 digits: " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /** See {@link EmulatorConfig#host()}. */
        public Builder host(String host) {
            this.host = requireName(host);
            return this;
        }

        /** See {@link EmulatorConfig#extraHostNames()}. */
        public Builder addHostName(String hostName) {
            extraHostNames.add(requireName(hostName));
            return this;
        }

        /** See {@link EmulatorConfig#bindAddress()}. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** See {@link EmulatorConfig#mtlsPort()}. */
        public Builder mtlsPort(int port) {
            this.mtlsPort = requirePort(port);
            return this;
        }

        /** Enables the plain-TCP debugging listener; see {@link EmulatorConfig#plainTcpPort()}. */
        public Builder plainTcpPort(int port) {
            this.plainTcpPort = OptionalInt.of(requirePort(port));
            return this;
        }

        /** Disables the plain-TCP debugging listener (the default). */
        public Builder noPlainTcp() {
            this.plainTcpPort = OptionalInt.empty();
            return this;
        }

        /** See {@link EmulatorConfig#dataDirectory()}. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(directory.toAbsolutePath());
            return this;
        }

        /** See {@link EmulatorConfig#rules()}. */
        public Builder rules(AwsIotRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(this);
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
