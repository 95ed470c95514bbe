package dev.iotlocal.client.internal;

import dev.iotlocal.client.EndpointUnreachableException;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.client.IotClientException;
import dev.iotlocal.client.IotClientException.Step;
import dev.iotlocal.client.TlsTrustException;
import dev.iotlocal.client.UpgradeForbiddenException;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * The MQTT endpoint a connector dials (host, port, client id, CA), the SDK builders wired for it once for every
 * door, and the translation of the aws-crt errors of a failed connection into exceptions that say what to
 * check. Immutable and thread-safe.
 */
public final class MqttEndpoint {

    /** How the endpoint is reached; the advice for a failure differs. */
    public enum Door { WEBSOCKET_SIGV4, MUTUAL_TLS }

    /** How a door authenticates: the SDK's builders with its transport and credentials set, and nothing else. */
    public interface Authentication {
        AwsIotMqttConnectionBuilder newMqtt311Builder();

        AwsIotMqtt5ClientBuilder newMqtt5Builder(String host);
    }

    private static final String UPGRADE_FAILURE = "AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE";
    private static final Set<String> UNREACHABLE = Set.of("AWS_IO_SOCKET_CONNECTION_REFUSED", "AWS_IO_SOCKET_TIMEOUT",
            "AWS_IO_SOCKET_NO_ROUTE_TO_HOST", "AWS_IO_SOCKET_NETWORK_DOWN", "AWS_IO_DNS_QUERY_FAILED", "AWS_IO_DNS_INVALID_NAME",
            "AWS_IO_DNS_NO_ADDRESS_FOR_HOST", "AWS_IO_DNS_QUERY_AGAIN");
    // what a handshake reports when the credentials provider failed: the login's own failure says more
    private static final Set<String> NO_CREDENTIALS = Set.of("AWS_ERROR_HTTP_CALLBACK_FAILURE",
            "AWS_AUTH_CREDENTIALS_PROVIDER_DELEGATE_FAILURE", "AWS_AUTH_SIGNING_NO_CREDENTIALS");

    private final Door door;
    private final Authentication authentication;
    private final String host;
    private final int port;
    private final String clientId;
    private final String region;
    private final Optional<String> caCertificatePem;
    private final Supplier<Optional<IotClientException>> credentialFailure;

    private MqttEndpoint(Door door, Authentication authentication, IotClientConfig config, int port,
                         Supplier<Optional<IotClientException>> credentialFailure) {
        this.door = door;
        this.authentication = authentication;
        this.host = config.endpoint();
        this.port = port;
        this.clientId = config.clientId();
        this.region = config.region();
        this.caCertificatePem = config.caCertificate().map(file -> readPem(file, "CA certificate of " + Setting.CA_CERTIFICATE));
        this.credentialFailure = credentialFailure;
    }

    /**
     * The MQTT-over-WebSocket endpoint, each handshake signed with SigV4 for {@link IotClientConfig#region()}.
     *
     * @param signer            the aws-crt credentials provider to sign with, asked for at each build
     * @param credentialFailure the last failure of those credentials, if any
     */
    public static MqttEndpoint webSocket(IotClientConfig config, Supplier<CredentialsProvider> signer,
                                         Supplier<Optional<IotClientException>> credentialFailure) {
        return new MqttEndpoint(Door.WEBSOCKET_SIGV4, new SigV4(config.region(), signer), config, config.port(), credentialFailure);
    }

    /** The MQTT-over-mutual-TLS endpoint devices use, with the device's key material. */
    public static MqttEndpoint mutualTls(IotClientConfig config, Authentication deviceKey) {
        return new MqttEndpoint(Door.MUTUAL_TLS, deviceKey, config, config.mtlsPort(), Optional::empty);
    }

    /** A new MQTT 3.1.1 connection: the door's builder, then endpoint, port, client id and CA, then the customizer. */
    public MqttClientConnection newMqtt311Connection(Consumer<AwsIotMqttConnectionBuilder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        try (AwsIotMqttConnectionBuilder builder = authentication.newMqtt311Builder()) {
            builder.withEndpoint(host).withPort(port).withClientId(clientId);
            caCertificatePem.ifPresent(builder::withCertificateAuthority);
            customizer.accept(builder);
            return builder.build();
        }
    }

    /** A new MQTT 5 client: the door's builder, then port, client id and CA, then the customizer. */
    public Mqtt5Client newMqtt5Client(Consumer<AwsIotMqtt5ClientBuilder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        try (AwsIotMqtt5ClientBuilder builder = authentication.newMqtt5Builder(host)) {
            builder.withPort((long) port).withClientId(clientId);
            caCertificatePem.ifPresent(builder::withCertificateAuthority);
            customizer.accept(builder);
            return builder.build();
        }
    }

    /**
     * Connects once {@code prerequisite} (e.g. the first credentials) is done; fails with an
     * {@link IotClientException} that names the step.
     */
    public CompletableFuture<Boolean> connect(CompletableFuture<?> prerequisite, MqttClientConnection connection) {
        return prerequisite
                .thenCompose(ready -> connection.connect())
                .handle((sessionPresent, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(explain(failure));
                    }
                    return sessionPresent;
                });
    }

    /** The exception for an aws-crt error code, e.g. from an MQTT 5 lifecycle event. */
    public IotClientException explain(int errorCode) {
        return explain(CRT.awsErrorName(errorCode), CRT.awsErrorString(errorCode), null);
    }

    private IotClientException explain(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IotClientException known) {
            return known;
        }
        if (cause instanceof CrtRuntimeException crt) {
            return explain(crt.errorName, CRT.awsErrorString(crt.errorCode), crt);
        }
        // the 3.1.1 connection fails its future with the error's text only: find its name by that text
        String text = String.valueOf(cause.getMessage());
        return explain(ErrorNames.BY_TEXT.getOrDefault(text, "unknown error"), text, cause);
    }

    private IotClientException explain(String name, String text, Throwable cause) {
        String where = host + ":" + port;
        String error = name + ": " + text;
        if (name.startsWith("AWS_IO_TLS_")) {
            String advice = "This client does not trust the server's certificate: for IoT Local set " + Setting.CA_CERTIFICATE
                    + " to the emulator's CA certificate (ca.pem in its data directory); for AWS IoT leave it unset (the system "
                    + "trust store holds Amazon Root CA 1) or point it at AmazonRootCA1.pem.";
            if (door == Door.MUTUAL_TLS) {
                advice += " Or the server refused this device's certificate: it must be signed by a CA the endpoint trusts, "
                        + "registered and ACTIVE.";
            }
            return new TlsTrustException(Step.MQTT_CONNECTION, "The TLS handshake with " + where + " failed (" + error + "). " + advice, cause);
        }
        if (name.equals(UPGRADE_FAILURE)) {
            return new UpgradeForbiddenException(where + " refused the MQTT-over-WebSocket upgrade (" + error + "); AWS IoT answers "
                    + "HTTP 403 Forbidden when it does not accept the SigV4 signature. Check that this machine's clock is within "
                    + "5 minutes of the real time, that " + Setting.REGION + " (" + region + ") is the endpoint's region, and that "
                    + "the credentials are current and were issued for this account: expired or foreign credentials are refused.", cause);
        }
        if (UNREACHABLE.contains(name)) {
            Setting portSetting = door == Door.MUTUAL_TLS ? Setting.MTLS_PORT : Setting.PORT;
            return new EndpointUnreachableException(Step.MQTT_CONNECTION, "Cannot reach " + where + " (" + error + "). Check "
                    + Setting.ENDPOINT + " and " + portSetting + ", the network and any proxy; for IoT Local, that it runs and "
                    + "that the overrides point at it.", cause);
        }
        if (NO_CREDENTIALS.contains(name)) {
            Optional<IotClientException> login = credentialFailure.get();
            if (login.isPresent()) {
                return login.get();
            }
        }
        return new IotClientException(Step.MQTT_CONNECTION, "Connecting to " + where + " failed (" + error + ").", cause);
    }

    /** A PEM file's text, or an error that says which file was meant ({@code what}) and where it was looked for. */
    public static String readPem(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the " + what + " at " + file + ": " + e, e);
        }
    }

    /** Host, port and client id, for the connectors' {@code toString}. */
    @Override
    public String toString() {
        return host + ":" + port + ", client id " + clientId;
    }

    /** The WebSocket door: SigV4 with the region and the current credentials at every handshake. */
    private record SigV4(String region, Supplier<CredentialsProvider> signer) implements Authentication {

        @Override
        public AwsIotMqttConnectionBuilder newMqtt311Builder() {
            CredentialsProvider credentials = signer.get(); // first: if it throws, no builder is left open
            AwsIotMqttConnectionBuilder builder;
            try {
                builder = AwsIotMqttConnectionBuilder.newDefaultBuilder();
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("This JVM lacks UTF-8", e);
            }
            // withWebsockets(true) resets the port to 443: the endpoint sets it afterwards
            return builder.withWebsockets(true).withWebsocketSigningRegion(region).withWebsocketCredentialsProvider(credentials);
        }

        @Override
        public AwsIotMqtt5ClientBuilder newMqtt5Builder(String host) {
            AwsIotMqtt5ClientBuilder.WebsocketSigv4Config sigv4 = new AwsIotMqtt5ClientBuilder.WebsocketSigv4Config();
            // always explicit: the builder derives no region from a host such as localhost
            sigv4.region = region;
            sigv4.credentialsProvider = signer.get();
            return AwsIotMqtt5ClientBuilder.newWebsocketMqttBuilderWithSigv4Auth(host, sigv4);
        }
    }

    /** aws-crt error names by their text, built once: an MQTT 3.1.1 connection reports its failure as text. */
    private static final class ErrorNames {
        // the ranges of aws-c-io, aws-c-http, aws-c-mqtt and aws-c-auth
        private static final int[][] RANGES = {{0x0400, 0x0C00}, {0x1400, 0x1C00}};
        static final Map<String, String> BY_TEXT = scan();

        private static Map<String, String> scan() {
            Map<String, String> names = new HashMap<>();
            for (int[] range : RANGES) {
                for (int code = range[0]; code < range[1]; code++) {
                    String name = CRT.awsErrorName(code);
                    if (name.startsWith("AWS_")) {
                        names.putIfAbsent(CRT.awsErrorString(code), name);
                    }
                }
            }
            return Map.copyOf(names);
        }
    }
}
