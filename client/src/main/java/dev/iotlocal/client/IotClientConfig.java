package dev.iotlocal.client;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.client.internal.Setting;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.endpoints.CognitoIdentityEndpointProvider;
import software.amazon.awssdk.services.lambda.endpoints.LambdaEndpointProvider;

/**
 * Where and how to connect to AWS IoT: the IoT endpoint and client id, the Cognito pools and auth Lambda of
 * the seed flow, and optional overrides that point everything at IoT Local. Immutable and thread-safe.
 *
 * <p>Without overrides the configuration targets the real AWS endpoints of {@link #region()}; with them
 * the same code talks to the emulator. Settings come from a builder or from the seed's
 * {@code application.properties} keys, each of which an environment variable can override (the key
 * upper-cased, with '.' and '-' turned into '_'): {@link #load(Path)} applies this process's environment over
 * the file, {@link #load(Path, Map)} the variables given.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Key</th><th>Meaning</th><th>Default</th></tr>
 *   <tr><td>{@code aws-iot.client.endpoint}</td><td>the account's IoT endpoint host, {@code <prefix>-ats.iot.<region>.amazonaws.com}</td><td>required</td></tr>
 *   <tr><td>{@code aws-iot.client.id}</td><td>the MQTT client id</td><td>required</td></tr>
 *   <tr><td>{@code aws-iot.region}</td><td>the AWS region of everything below</td><td>required</td></tr>
 *   <tr><td>{@code aws-iot.cognito.identity-pool-id}</td><td>the identity pool, {@code <region>:<guid>}</td><td>required for Cognito</td></tr>
 *   <tr><td>{@code aws-iot.cognito.user-pool-id}</td><td>the user pool whose ID token the auth Lambda returns</td><td>required for Cognito</td></tr>
 *   <tr><td>{@code aws-iot.auth.function-name}</td><td>the auth Lambda (name or ARN)</td><td>required for Cognito</td></tr>
 *   <tr><td>{@code aws-iot.auth.payload}</td><td>the JSON the auth Lambda is invoked with (the login)</td><td>required for Cognito</td></tr>
 *   <tr><td>{@code aws-iot.auth.token-pointer}</td><td>JSON pointer of the ID token in the Lambda's response</td><td>{@code /credentials/token}</td></tr>
 *   <tr><td>{@code aws-iot.credentials.refresh-margin}</td><td>refresh credentials this long before they expire (ISO-8601, e.g. {@code PT5M})</td><td>5 minutes</td></tr>
 *   <tr><td>{@code aws-iot.override.aws-endpoint}</td><td>Cognito Identity and Lambda endpoint (IoT Local's AWS API endpoint)</td><td>the region's AWS endpoints</td></tr>
 *   <tr><td>{@code aws-iot.override.port}</td><td>MQTT-over-WebSocket port</td><td>443</td></tr>
 *   <tr><td>{@code aws-iot.override.mtls-port}</td><td>MQTT-over-mutual-TLS port for devices</td><td>8883</td></tr>
 *   <tr><td>{@code aws-iot.override.ca-certificate}</td><td>PEM file of the CA the MQTT endpoint's certificate must chain to</td><td>the system trust store</td></tr>
 * </table>
 *
 * <p>The Cognito settings are optional here so that a device-only program ({@link DeviceConnector}) need not
 * invent them; {@link CognitoCredentials} insists on them.
 */
public final class IotClientConfig {

    /** Where the seed's auth Lambda puts the ID token. */
    public static final String DEFAULT_TOKEN_POINTER = "/credentials/token";
    /** AWS IoT's MQTT-over-WebSocket port. */
    public static final int DEFAULT_PORT = 443;
    /** AWS IoT's MQTT-over-mutual-TLS port. */
    public static final int DEFAULT_MTLS_PORT = 8883;
    /** How long before expiry credentials are refreshed, unless they live less than twice as long. */
    public static final Duration DEFAULT_CREDENTIAL_REFRESH_MARGIN = Duration.ofMinutes(5);

    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");
    private static final Pattern IDENTITY_POOL_ID = Pattern.compile("[\\w-]+:[0-9a-f-]+");
    private static final Pattern USER_POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");

    private final String region;
    private final String endpoint;
    private final String clientId;
    private final Optional<String> identityPoolId;
    private final Optional<String> userPoolId;
    private final Optional<String> authFunctionName;
    private final Optional<String> authPayload;
    private final String tokenPointer;
    private final Duration credentialRefreshMargin;
    private final Optional<URI> awsEndpointOverride;
    private final int port;
    private final int mtlsPort;
    private final Optional<Path> caCertificate;

    private IotClientConfig(Builder builder) {
        this.region = Setting.REGION.require(Optional.ofNullable(builder.region), "the AWS region, e.g. us-east-1");
        this.endpoint = Setting.ENDPOINT.require(Optional.ofNullable(builder.endpoint),
                "the AWS IoT endpoint, e.g. abc123-ats.iot." + region + ".amazonaws.com");
        this.clientId = Setting.CLIENT_ID.require(Optional.ofNullable(builder.clientId), "the MQTT client id");
        this.identityPoolId = Optional.ofNullable(builder.identityPoolId);
        this.userPoolId = Optional.ofNullable(builder.userPoolId);
        this.authFunctionName = Optional.ofNullable(builder.authFunctionName);
        this.authPayload = Optional.ofNullable(builder.authPayload);
        this.tokenPointer = builder.tokenPointer;
        this.credentialRefreshMargin = builder.credentialRefreshMargin;
        this.awsEndpointOverride = Optional.ofNullable(builder.awsEndpointOverride);
        this.port = builder.port;
        this.mtlsPort = builder.mtlsPort;
        this.caCertificate = Optional.ofNullable(builder.caCertificate);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration, to derive a variant. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A configuration from properties with the keys above, and nothing else: no environment variable is read.
     *
     * @throws IllegalArgumentException naming the key and its environment variable when a required key is
     *                                  missing or a value is malformed
     */
    public static IotClientConfig fromProperties(Properties properties) {
        return fromSettings(settingsOf(properties, Map.of()));
    }

    /** A configuration from environment variables alone (pass {@code System.getenv()}). */
    public static IotClientConfig fromEnvironment(Map<String, String> environment) {
        return fromSettings(settingsOf(new Properties(), environment));
    }

    /**
     * A configuration from a properties file (UTF-8), e.g. the seed's {@code application.properties}, whose
     * values this process's environment variables override, as a deployment overrides a packaged file:
     * {@code AWS_IOT_CLIENT_ENDPOINT} for {@code aws-iot.client.endpoint}, and so on. The same as
     * {@code load(propertiesFile, System.getenv())}.
     */
    public static IotClientConfig load(Path propertiesFile) {
        return load(propertiesFile, System.getenv());
    }

    /**
     * A configuration from a properties file (UTF-8) whose values the given environment variables override;
     * {@code Map.of()} reads the file alone.
     */
    public static IotClientConfig load(Path propertiesFile, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the AWS IoT client settings from " + propertiesFile, e);
        }
        return fromSettings(settingsOf(properties, environment));
    }

    /** The AWS region of the IoT endpoint, the Cognito pools and the auth Lambda; also the SigV4 signing region. */
    public String region() {
        return region;
    }

    /** The host name of the AWS IoT endpoint ({@code <prefix>-ats.iot.<region>.amazonaws.com}, or the emulator's host). */
    public String endpoint() {
        return endpoint;
    }

    /** The MQTT client id. AWS IoT allows one connection per client id: a second one takes over. */
    public String clientId() {
        return clientId;
    }

    /** The Cognito identity pool, {@code <region>:<guid>}. */
    public Optional<String> identityPoolId() {
        return identityPoolId;
    }

    /** The Cognito user pool, {@code <region>_<id>}, whose ID token the auth Lambda hands out. */
    public Optional<String> userPoolId() {
        return userPoolId;
    }

    /** The auth Lambda's name or ARN. */
    public Optional<String> authFunctionName() {
        return authFunctionName;
    }

    /** The JSON payload the auth Lambda is invoked with; it usually holds a password. */
    public Optional<String> authPayload() {
        return authPayload;
    }

    /** The JSON pointer (RFC 6901) of the ID token in the auth Lambda's response; {@value #DEFAULT_TOKEN_POINTER} by default. */
    public String tokenPointer() {
        return tokenPointer;
    }

    /**
     * How long before their expiry credentials are refreshed: when less than this, or less than half their
     * lifetime, remains (so that credentials that live a few seconds work too). 5 minutes by default.
     */
    public Duration credentialRefreshMargin() {
        return credentialRefreshMargin;
    }

    /** The endpoint that replaces Cognito Identity's and Lambda's (IoT Local's AWS API endpoint), if any. */
    public Optional<URI> awsEndpointOverride() {
        return awsEndpointOverride;
    }

    /** The MQTT-over-WebSocket port: 443 unless overridden. */
    public int port() {
        return port;
    }

    /** The MQTT-over-mutual-TLS port devices use: 8883 unless overridden. */
    public int mtlsPort() {
        return mtlsPort;
    }

    /** A PEM file of the CA the MQTT endpoint's certificate must chain to instead of the system trust store, if any. */
    public Optional<Path> caCertificate() {
        return caCertificate;
    }

    /** The Cognito Identity endpoint actually used: the override, else the region's AWS endpoint. */
    public URI cognitoEndpoint() {
        return awsEndpointOverride.orElseGet(() -> CognitoIdentityEndpointProvider.defaultProvider()
                .resolveEndpoint(params -> params.region(Region.of(region))).join().endpointUrl().toUri());
    }

    /** The Lambda endpoint actually used: the override, else the region's AWS endpoint. */
    public URI lambdaEndpoint() {
        return awsEndpointOverride.orElseGet(() -> LambdaEndpointProvider.defaultProvider()
                .resolveEndpoint(params -> params.region(Region.of(region))).join().endpointUrl().toUri());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IotClientConfig that
                && region.equals(that.region)
                && endpoint.equals(that.endpoint)
                && clientId.equals(that.clientId)
                && identityPoolId.equals(that.identityPoolId)
                && userPoolId.equals(that.userPoolId)
                && authFunctionName.equals(that.authFunctionName)
                && authPayload.equals(that.authPayload)
                && tokenPointer.equals(that.tokenPointer)
                && credentialRefreshMargin.equals(that.credentialRefreshMargin)
                && awsEndpointOverride.equals(that.awsEndpointOverride)
                && port == that.port
                && mtlsPort == that.mtlsPort
                && caCertificate.equals(that.caCertificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpoint, clientId, identityPoolId, userPoolId, authFunctionName, authPayload,
                tokenPointer, credentialRefreshMargin, awsEndpointOverride, port, mtlsPort, caCertificate);
    }

    /** Every setting but the auth payload, which holds a password. */
    @Override
    public String toString() {
        return "IotClientConfig[region=" + region + ", endpoint=" + endpoint + ", clientId=" + clientId
                + ", identityPoolId=" + identityPoolId.orElse("-") + ", userPoolId=" + userPoolId.orElse("-")
                + ", authFunctionName=" + authFunctionName.orElse("-") + ", authPayload=" + authPayload.map(p -> "(hidden)").orElse("-")
                + ", tokenPointer=" + tokenPointer + ", credentialRefreshMargin=" + credentialRefreshMargin
                + ", awsEndpointOverride=" + awsEndpointOverride.map(URI::toString).orElse("-")
                + ", port=" + port + ", mtlsPort=" + mtlsPort + ", caCertificate=" + caCertificate.map(Path::toString).orElse("-") + "]";
    }

    private static Map<Setting, String> settingsOf(Properties properties, Map<String, String> environment) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value == null || value.isBlank()) {
                value = properties.getProperty(setting.key());
            }
            if (value != null && !value.isBlank()) {
                settings.put(setting, value.strip());
            }
        }
        return settings;
    }

    private static IotClientConfig fromSettings(Map<Setting, String> settings) {
        Builder builder = builder();
        settings.forEach((setting, value) -> {
            switch (setting) {
                case ENDPOINT -> builder.endpoint(value);
                case CLIENT_ID -> builder.clientId(value);
                case REGION -> builder.region(value);
                case IDENTITY_POOL_ID -> builder.identityPoolId(value);
                case USER_POOL_ID -> builder.userPoolId(value);
                case AUTH_FUNCTION_NAME -> builder.authFunctionName(value);
                case AUTH_PAYLOAD -> builder.authPayload(value);
                case TOKEN_POINTER -> builder.tokenPointer(value);
                case CREDENTIAL_REFRESH_MARGIN -> builder.credentialRefreshMargin(parseDuration(setting, value));
                case AWS_ENDPOINT_OVERRIDE -> builder.awsEndpointOverride(parseUri(setting, value));
                case PORT -> builder.port(parsePort(setting, value));
                case MTLS_PORT -> builder.mtlsPort(parsePort(setting, value));
                case CA_CERTIFICATE -> builder.caCertificate(Path.of(value));
            }
        });
        return builder.build();
    }

    private static int parsePort(Setting setting, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be a port number from 1 to 65535: " + value, e);
        }
    }

    private static Duration parseDuration(Setting setting, String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be an ISO-8601 duration such as PT5M: " + value, e);
        }
    }

    private static URI parseUri(Setting setting, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be a URL such as http://localhost:4566: " + value, e);
        }
    }

    /** Builds an {@link IotClientConfig}; each setter checks its value and names the setting when it refuses one. Not thread-safe. */
    public static final class Builder {
        private static final ObjectMapper JSON = new ObjectMapper();

        private String region;
        private String endpoint;
        private String clientId;
        private String identityPoolId;
        private String userPoolId;
        private String authFunctionName;
        private String authPayload;
        private String tokenPointer = DEFAULT_TOKEN_POINTER;
        private Duration credentialRefreshMargin = DEFAULT_CREDENTIAL_REFRESH_MARGIN;
        private URI awsEndpointOverride;
        private int port = DEFAULT_PORT;
        private int mtlsPort = DEFAULT_MTLS_PORT;
        private Path caCertificate;

        private Builder() {}

        private Builder(IotClientConfig config) {
            this.region = config.region;
            this.endpoint = config.endpoint;
            this.clientId = config.clientId;
            this.identityPoolId = config.identityPoolId.orElse(null);
            this.userPoolId = config.userPoolId.orElse(null);
            this.authFunctionName = config.authFunctionName.orElse(null);
            this.authPayload = config.authPayload.orElse(null);
            this.tokenPointer = config.tokenPointer;
            this.credentialRefreshMargin = config.credentialRefreshMargin;
            this.awsEndpointOverride = config.awsEndpointOverride.orElse(null);
            this.port = config.port;
            this.mtlsPort = config.mtlsPort;
            this.caCertificate = config.caCertificate.orElse(null);
        }

        /** See {@link IotClientConfig#region()}. */
        public Builder region(String region) {
            this.region = check(region, REGION.matcher(nonNull(region)).matches(), Setting.REGION, "an AWS region such as us-east-1");
            return this;
        }

        /** See {@link IotClientConfig#endpoint()}: a host name, without scheme, port or path. */
        public Builder endpoint(String endpoint) {
            this.endpoint = check(endpoint, HOST.matcher(nonNull(endpoint)).matches(), Setting.ENDPOINT,
                    "a host name such as abc123-ats.iot.us-east-1.amazonaws.com, without scheme, port or path (the port is "
                            + Setting.PORT.key() + ")");
            return this;
        }

        /** See {@link IotClientConfig#clientId()}. */
        public Builder clientId(String clientId) {
            this.clientId = check(clientId, !nonNull(clientId).isEmpty(), Setting.CLIENT_ID, "a non-empty MQTT client id");
            return this;
        }

        /** See {@link IotClientConfig#identityPoolId()}. */
        public Builder identityPoolId(String identityPoolId) {
            this.identityPoolId = check(identityPoolId, IDENTITY_POOL_ID.matcher(nonNull(identityPoolId)).matches(),
                    Setting.IDENTITY_POOL_ID, "an identity pool id such as us-east-1:0b7e8a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
            return this;
        }

        /** See {@link IotClientConfig#userPoolId()}. */
        public Builder userPoolId(String userPoolId) {
            this.userPoolId = check(userPoolId, USER_POOL_ID.matcher(nonNull(userPoolId)).matches(),
                    Setting.USER_POOL_ID, "a user pool id such as us-east-1_AbCdEf123");
            return this;
        }

        /** See {@link IotClientConfig#authFunctionName()}. */
        public Builder authFunctionName(String authFunctionName) {
            this.authFunctionName = check(authFunctionName, !nonNull(authFunctionName).isBlank(), Setting.AUTH_FUNCTION_NAME,
                    "a Lambda function name or ARN");
            return this;
        }

        /** See {@link IotClientConfig#authPayload()}; must be JSON, as Lambda refuses anything else. */
        public Builder authPayload(String authPayload) {
            if (authPayload == null || authPayload.isBlank() || !isJson(authPayload)) {
                // the payload usually holds a password: never repeat it
                throw new IllegalArgumentException(Setting.AUTH_PAYLOAD + " must be a JSON document such as "
                        + "{\"username\":\"...\",\"password\":\"...\"}; the value given is not (not shown, it may hold a password).");
            }
            this.authPayload = authPayload;
            return this;
        }

        /** See {@link IotClientConfig#tokenPointer()}. */
        public Builder tokenPointer(String tokenPointer) {
            boolean valid;
            try {
                JsonPointer.compile(nonNull(tokenPointer));
                valid = true;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            this.tokenPointer = check(tokenPointer, valid, Setting.TOKEN_POINTER, "a JSON pointer such as " + DEFAULT_TOKEN_POINTER);
            return this;
        }

        /** See {@link IotClientConfig#credentialRefreshMargin()}. */
        public Builder credentialRefreshMargin(Duration margin) {
            if (margin == null || margin.isNegative() || margin.isZero()) {
                throw new IllegalArgumentException(Setting.CREDENTIAL_REFRESH_MARGIN + " must be a positive duration: " + margin);
            }
            this.credentialRefreshMargin = margin;
            return this;
        }

        /** See {@link IotClientConfig#awsEndpointOverride()}: an absolute http or https URL; null removes the override. */
        public Builder awsEndpointOverride(URI endpoint) {
            boolean valid = endpoint == null || endpoint.getHost() != null
                    && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()));
            if (!valid) {
                throw new IllegalArgumentException(Setting.AWS_ENDPOINT_OVERRIDE + " must be an http or https URL such as http://localhost:4566: " + endpoint);
            }
            this.awsEndpointOverride = endpoint;
            return this;
        }

        /** See {@link IotClientConfig#port()}. */
        public Builder port(int port) {
            this.port = checkPort(port, Setting.PORT);
            return this;
        }

        /** See {@link IotClientConfig#mtlsPort()}. */
        public Builder mtlsPort(int port) {
            this.mtlsPort = checkPort(port, Setting.MTLS_PORT);
            return this;
        }

        /** See {@link IotClientConfig#caCertificate()}; null removes the override. */
        public Builder caCertificate(Path pemFile) {
            this.caCertificate = pemFile;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting and its environment variable when the endpoint,
         *                                  the client id or the region is missing
         */
        public IotClientConfig build() {
            return new IotClientConfig(this);
        }

        private static boolean isJson(String text) {
            try {
                JSON.readTree(text);
                return true;
            } catch (JsonProcessingException e) {
                return false;
            }
        }

        private static String nonNull(String value) {
            return value == null ? "" : value;
        }

        private static String check(String value, boolean valid, Setting setting, String expected) {
            if (value == null || !valid) {
                throw new IllegalArgumentException(setting + " must be " + expected + ": " + value);
            }
            return value;
        }

        private static int checkPort(int port, Setting setting) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(setting + " must be a port number from 1 to 65535: " + port);
            }
            return port;
        }
    }
}
