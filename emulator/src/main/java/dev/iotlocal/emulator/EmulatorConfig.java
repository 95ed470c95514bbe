package dev.iotlocal.emulator;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
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
    /** The built-in user's name; its password is {@link #DEFAULT_PASSWORD}. */
    public static final String DEFAULT_USERNAME = "demo";
    /** The built-in user's password. */
    public static final String DEFAULT_PASSWORD = "demo-password";
    /** The auth function's name unless told otherwise. */
    public static final String DEFAULT_AUTH_FUNCTION_NAME = "iot-local-auth";
    /** The user pool app client id unless told otherwise (26 characters, like Cognito's). */
    public static final String DEFAULT_APP_CLIENT_ID = "iotlocalappclient000000001";
    private static final String DEFAULT_IDENTITY_POOL_GUID = "10c41000-0000-4000-8000-000000000001";
    private static final String DEFAULT_USER_POOL_SUFFIX = "IotLocal1";

    private final String region;
    private final String accountId;
    private final String host;
    private final List<String> extraHostNames;
    private final InetAddress bindAddress;
    private final int mtlsPort;
    private final OptionalInt plainTcpPort;
    private final Optional<Path> dataDirectory;
    private final AwsIotRules rules;
    private final int wssPort;
    private final int awsApiPort;
    private final OptionalInt awsApiHttpsPort;
    private final String explicitIdentityPoolId;
    private final boolean allowUnauthenticatedIdentities;
    private final String explicitUserPoolId;
    private final String appClientId;
    private final List<User> users;
    private final String authFunctionName;
    private final Optional<AuthFunction> authFunction;
    private final Duration credentialLifetime;
    private final Duration webSocketTimeToLive;
    private final boolean recordMessages;
    private final boolean acceptForeignCredentials;

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
        this.wssPort = builder.wssPort;
        this.awsApiPort = builder.awsApiPort;
        this.awsApiHttpsPort = builder.awsApiHttpsPort;
        this.explicitIdentityPoolId = builder.identityPoolId;
        this.allowUnauthenticatedIdentities = builder.allowUnauthenticatedIdentities;
        this.explicitUserPoolId = builder.userPoolId;
        this.appClientId = builder.appClientId;
        this.users = List.copyOf(builder.users);
        this.authFunctionName = builder.authFunctionName;
        this.authFunction = builder.authFunction;
        this.credentialLifetime = builder.credentialLifetime;
        this.webSocketTimeToLive = builder.webSocketTimeToLive;
        this.recordMessages = builder.recordMessages;
        this.acceptForeignCredentials = builder.acceptForeignCredentials;
        if (!identityPoolId().startsWith(region + ":")) {
            throw new IllegalArgumentException("Identity pool " + identityPoolId() + " is not in the emulator's region " + region);
        }
        if (!userPoolId().startsWith(region + "_")) {
            throw new IllegalArgumentException("User pool " + userPoolId() + " is not in the emulator's region " + region);
        }
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

    /** The Cognito identity pool, {@code <region>:<uuid>}; by default {@code <region>:10c41000-0000-4000-8000-000000000001}. */
    public String identityPoolId() {
        return explicitIdentityPoolId != null ? explicitIdentityPoolId : region + ":" + DEFAULT_IDENTITY_POOL_GUID;
    }

    /** Whether the identity pool gives out unauthenticated identities (the seed flow needs them to call the auth Lambda). */
    public boolean allowUnauthenticatedIdentities() {
        return allowUnauthenticatedIdentities;
    }

    /** The Cognito user pool, {@code <region>_<id>}, the identity pool's one login provider; by default {@code <region>_IotLocal1}. */
    public String userPoolId() {
        return explicitUserPoolId != null ? explicitUserPoolId : region + "_" + DEFAULT_USER_POOL_SUFFIX;
    }

    /** The user pool's app client id: the {@code aud} of its ID tokens. */
    public String appClientId() {
        return appClientId;
    }

    /** The user pool's users. By default one: {@code demo} with password {@code demo-password}. */
    public List<User> users() {
        return users;
    }

    /** The name of the auth Lambda function; other names get {@code ResourceNotFoundException}. */
    public String authFunctionName() {
        return authFunctionName;
    }

    /** A custom auth function, or empty for the built-in one that logs in {@link #users()}. */
    public Optional<AuthFunction> authFunction() {
        return authFunction;
    }

    /** How long issued AWS credentials are valid (Cognito: one hour); tests make it short to see expiry. */
    public Duration credentialLifetime() {
        return credentialLifetime;
    }

    /** How long a WebSocket connection may last (AWS IoT: 24 hours); then it is closed with {@code WEBSOCKET_TTL_EXPIRATION}. */
    public Duration webSocketTimeToLive() {
        return webSocketTimeToLive;
    }

    /**
     * Whether every publish and delivery is recorded in the journal ({@link MessagePublished},
     * {@link MessageDelivered}), as the test kit needs for its assertions. Off by default: it copies every payload.
     */
    public boolean recordMessages() {
        return recordMessages;
    }

    /**
     * Whether the WSS door lets in WebSocket upgrades signed with AWS credentials it did not issue, such as
     * those a LocalStack Cognito hands out when it stands in for the emulator's own. Off by default.
     *
     * <p>This weakens the door: the emulator does not know the secret of such credentials, so it cannot check
     * the signature. A request signed with an access key the emulator did not issue is accepted after every other
     * check (the required {@code X-Amz-*} parameters, the algorithm, the credential scope's form, date, region and
     * service, the clock skew), with a {@link Principal.Kind#FOREIGN_CREDENTIALS} principal whose id is the access
     * key id; each such acceptance is logged at INFO. Credentials the emulator did issue are verified in full, as
     * always, and refused when their signature, session token or expiry is wrong.
     */
    public boolean acceptForeignCredentials() {
        return acceptForeignCredentials;
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
                && rules.equals(that.rules)
                && wssPort == that.wssPort
                && awsApiPort == that.awsApiPort
                && awsApiHttpsPort.equals(that.awsApiHttpsPort)
                && identityPoolId().equals(that.identityPoolId())
                && allowUnauthenticatedIdentities == that.allowUnauthenticatedIdentities
                && userPoolId().equals(that.userPoolId())
                && appClientId.equals(that.appClientId)
                && users.equals(that.users)
                && authFunctionName.equals(that.authFunctionName)
                && authFunction.equals(that.authFunction)
                && credentialLifetime.equals(that.credentialLifetime)
                && webSocketTimeToLive.equals(that.webSocketTimeToLive)
                && recordMessages == that.recordMessages
                && acceptForeignCredentials == that.acceptForeignCredentials;
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, accountId, host, extraHostNames, bindAddress, mtlsPort, plainTcpPort, dataDirectory, rules,
                wssPort, awsApiPort, awsApiHttpsPort, identityPoolId(), allowUnauthenticatedIdentities, userPoolId(), appClientId, users,
                authFunctionName, authFunction, credentialLifetime, webSocketTimeToLive, recordMessages, acceptForeignCredentials);
    }

    @Override
    public String toString() {
        return "EmulatorConfig[region=" + region + ", accountId=" + accountId + ", host=" + host
                + ", extraHostNames=" + extraHostNames + ", bindAddress=" + bindAddress.getHostAddress()
                + ", mtlsPort=" + mtlsPort + ", plainTcpPort=" + plainTcpPort + ", dataDirectory=" + dataDirectory
                + ", rules=" + rules + ", wssPort=" + wssPort + ", awsApiPort=" + awsApiPort + ", awsApiHttpsPort=" + awsApiHttpsPort
                + ", identityPoolId=" + identityPoolId() + ", allowUnauthenticatedIdentities=" + allowUnauthenticatedIdentities
                + ", userPoolId=" + userPoolId() + ", appClientId=" + appClientId + ", users=" + users
                + ", authFunctionName=" + authFunctionName + ", customAuthFunction=" + authFunction.isPresent()
                + ", credentialLifetime=" + credentialLifetime + ", webSocketTimeToLive=" + webSocketTimeToLive + ", recordMessages=" + recordMessages
                + ", acceptForeignCredentials=" + acceptForeignCredentials + "]";
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
        private int wssPort = 0;
        private int awsApiPort = 0;
        private OptionalInt awsApiHttpsPort = OptionalInt.empty();
        private String identityPoolId;
        private boolean allowUnauthenticatedIdentities = true;
        private String userPoolId;
        private String appClientId = DEFAULT_APP_CLIENT_ID;
        private final List<User> users = new ArrayList<>(List.of(new User(DEFAULT_USERNAME, DEFAULT_PASSWORD)));
        private String authFunctionName = DEFAULT_AUTH_FUNCTION_NAME;
        private Optional<AuthFunction> authFunction = Optional.empty();
        private Duration credentialLifetime = Duration.ofHours(1);
        private Duration webSocketTimeToLive = Duration.ofHours(24);
        private boolean recordMessages;
        private boolean acceptForeignCredentials;

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
            wssPort = config.wssPort;
            awsApiPort = config.awsApiPort;
            awsApiHttpsPort = config.awsApiHttpsPort;
            identityPoolId = config.explicitIdentityPoolId;
            allowUnauthenticatedIdentities = config.allowUnauthenticatedIdentities;
            userPoolId = config.explicitUserPoolId;
            appClientId = config.appClientId;
            users.clear();
            users.addAll(config.users);
            authFunctionName = config.authFunctionName;
            authFunction = config.authFunction;
            credentialLifetime = config.credentialLifetime;
            webSocketTimeToLive = config.webSocketTimeToLive;
            recordMessages = config.recordMessages;
            acceptForeignCredentials = config.acceptForeignCredentials;
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

        /** See {@link EmulatorConfig#wssPort()}. */
        public Builder wssPort(int port) {
            this.wssPort = requirePort(port);
            return this;
        }

        /** See {@link EmulatorConfig#awsApiPort()}. */
        public Builder awsApiPort(int port) {
            this.awsApiPort = requirePort(port);
            return this;
        }

        /** Enables HTTPS on the AWS API endpoint; see {@link EmulatorConfig#awsApiHttpsPort()}. */
        public Builder awsApiHttpsPort(int port) {
            this.awsApiHttpsPort = OptionalInt.of(requirePort(port));
            return this;
        }

        /** See {@link EmulatorConfig#identityPoolId()}. */
        public Builder identityPoolId(String identityPoolId) {
            if (identityPoolId == null || !identityPoolId.matches("[\\w-]+:[0-9a-f-]+") || identityPoolId.length() > 55) {
                throw new IllegalArgumentException("An identity pool id is <region>:<guid>, like us-east-1:0b7e8a9e-...: " + identityPoolId);
            }
            this.identityPoolId = identityPoolId;
            return this;
        }

        /** See {@link EmulatorConfig#allowUnauthenticatedIdentities()}. */
        public Builder allowUnauthenticatedIdentities(boolean allow) {
            this.allowUnauthenticatedIdentities = allow;
            return this;
        }

        /** See {@link EmulatorConfig#userPoolId()}. */
        public Builder userPoolId(String userPoolId) {
            if (userPoolId == null || !userPoolId.matches("[\\w-]+_[0-9a-zA-Z]+")) {
                throw new IllegalArgumentException("A user pool id is <region>_<id>, like us-east-1_AbCdEf123: " + userPoolId);
            }
            this.userPoolId = userPoolId;
            return this;
        }

        /** See {@link EmulatorConfig#appClientId()}. */
        public Builder appClientId(String appClientId) {
            if (appClientId == null || !appClientId.matches("[\\w+]{1,128}")) {
                throw new IllegalArgumentException("An app client id is 1 to 128 word characters: " + appClientId);
            }
            this.appClientId = appClientId;
            return this;
        }

        /** Replaces the users; see {@link EmulatorConfig#users()}. */
        public Builder users(User... users) {
            this.users.clear();
            this.users.addAll(List.of(users));
            return this;
        }

        /** Adds a user; see {@link EmulatorConfig#users()}. */
        public Builder addUser(String username, String password) {
            users.add(new User(username, password));
            return this;
        }

        /** See {@link EmulatorConfig#authFunctionName()}. */
        public Builder authFunctionName(String name) {
            if (name == null || !name.matches("[a-zA-Z0-9-_]{1,64}")) {
                throw new IllegalArgumentException("A Lambda function name is 1 to 64 of a-z, A-Z, 0-9, '-' and '_': " + name);
            }
            this.authFunctionName = name;
            return this;
        }

        /** Replaces the built-in auth function; see {@link EmulatorConfig#authFunction()}. */
        public Builder authFunction(AuthFunction function) {
            this.authFunction = Optional.of(function);
            return this;
        }

        /** See {@link EmulatorConfig#credentialLifetime()}; at least one second. */
        public Builder credentialLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("Credentials live at least one second: " + lifetime);
            }
            this.credentialLifetime = lifetime;
            return this;
        }

        /** See {@link EmulatorConfig#webSocketTimeToLive()}. */
        public Builder webSocketTimeToLive(Duration timeToLive) {
            if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
                throw new IllegalArgumentException("A WebSocket time to live is positive: " + timeToLive);
            }
            this.webSocketTimeToLive = timeToLive;
            return this;
        }

        /** See {@link EmulatorConfig#recordMessages()}. */
        public Builder recordMessages(boolean record) {
            this.recordMessages = record;
            return this;
        }

        /**
         * Lets the WSS door accept upgrades signed with credentials the emulator did not issue, without checking
         * their signature; for a Cognito that runs elsewhere (the test kit's LocalStack backend). Weakens the door:
         * see {@link EmulatorConfig#acceptForeignCredentials()}.
         */
        public Builder acceptForeignCredentials(boolean accept) {
            this.acceptForeignCredentials = accept;
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
