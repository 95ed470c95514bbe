package dev.iotlocal.benchmarks;

import dev.iotlocal.client.CognitoIotConnector;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.cognito.CognitoConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * AWS IoT Device SDK v2 MQTT 3.1.1 connections to the doors of a broker, built as users build them. Baselines
 * and the emulator get the same client, so a ratio compares brokers, not clients. (The MQTT 5 builder is not
 * used: with AWS IoT's defaults it throttles publishes to 100 per second.)
 */
final class CrtDoors {

    private static final long TIMEOUT_SECONDS = 30;

    private CrtDoors() {}

    /** Where connections go; each call makes and connects a new one. */
    @FunctionalInterface
    interface Door {
        Client connect(String clientId) throws Exception;
    }

    /** A connected client; closing disconnects it and releases the connection and what it was made with. */
    record Client(MqttClientConnection connection, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                connection.disconnect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } finally {
                connection.close();
                if (owner != null) {
                    owner.close();
                }
            }
        }
    }

    /** MQTT over mutual TLS with a device certificate. */
    static Door mutualTls(int port, String caPem, String certificatePem, String keyPem) {
        return clientId -> {
            MqttClientConnection connection;
            try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newMtlsBuilder(certificatePem, keyPem)) {
                connection = common(builder, port, caPem, clientId).build();
            }
            return connected(connection, connection.connect(), null);
        };
    }

    /** MQTT over TLS WebSocket without signing, for HiveMQ's own WebSocket listener. */
    static Door unsignedWebSocket(int port, String caPem) {
        return clientId -> {
            MqttClientConnection connection;
            try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newDefaultBuilder()) {
                // the upgrade request goes out as it is: HiveMQ's listener hangs on a SigV4 query string
                builder.withWebsockets(true).withWebsocketHandshakeTransform(args -> args.complete(args.getHttpRequest()));
                // after withWebsockets, which resets the port to 443
                connection = common(builder, port, caPem, clientId).build();
            }
            return connected(connection, connection.connect(), null);
        };
    }

    /**
     * The seed flow through the client library: a fresh connector for every connection, so each connect runs all
     * five AWS calls before the signed WebSocket handshake.
     */
    static Door seedFlow(IotClientConfig config) {
        return clientId -> {
            CognitoIotConnector connector = CognitoIotConnector.create(config.toBuilder().clientId(clientId).build());
            MqttClientConnection connection;
            try {
                connection = connector.newMqtt311Connection(builder -> builder.withCleanSession(true)
                        .withProtocolOperationTimeoutMs((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
            } catch (RuntimeException e) {
                connector.close();
                throw e;
            }
            return connected(connection, connector.connect(connection), connector);
        };
    }

    /** Signed WebSocket connections from one connector, which logs in once and then signs with cached credentials. */
    static Door signedWebSocket(CognitoIotConnector connector) {
        return clientId -> {
            MqttClientConnection connection = connector.newMqtt311Connection(builder -> builder.withClientId(clientId).withCleanSession(true));
            return connected(connection, connector.connect(connection), null);
        };
    }

    /**
     * Writes the seed's {@code application.properties} with the overrides that point it at an emulator, and the
     * emulator's CA beside it, as a user of the client library would.
     */
    static Path writeSeedProperties(IotEmulator emulator, Path directory) throws Exception {
        Path caFile = Files.writeString(directory.resolve("ca.pem"), emulator.certificates().caCertificatePem(), StandardCharsets.US_ASCII);
        EmulatorConfig config = emulator.config();
        return Files.writeString(directory.resolve("application.properties"), String.join("\n",
                "aws-iot.client.endpoint=" + emulator.endpoints().host(),
                "aws-iot.client.id=benchmark",
                "aws-iot.region=" + config.region(),
                "aws-iot.cognito.identity-pool-id=" + config.identityPoolId(),
                "aws-iot.cognito.user-pool-id=" + config.userPoolId(),
                "aws-iot.auth.function-name=" + config.cognito().authFunctionName(),
                "aws-iot.auth.payload={\"username\":\"" + CognitoConfig.DEFAULT_USERNAME + "\",\"password\":\""
                        + CognitoConfig.DEFAULT_PASSWORD + "\"}",
                "aws-iot.override.aws-endpoint=" + emulator.endpoints().awsApiEndpoint(),
                "aws-iot.override.port=" + emulator.endpoints().wssPort(),
                "aws-iot.override.ca-certificate=" + caFile.toString().replace('\\', '/')), StandardCharsets.UTF_8);
    }

    private static AwsIotMqttConnectionBuilder common(AwsIotMqttConnectionBuilder builder, int port, String caPem, String clientId) {
        return builder.withEndpoint("localhost")
                .withPort(port)
                .withCertificateAuthority(caPem)
                .withClientId(clientId)
                .withCleanSession(true)
                .withProtocolOperationTimeoutMs((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }

    private static Client connected(MqttClientConnection connection, CompletableFuture<Boolean> connecting, AutoCloseable owner)
            throws Exception {
        try {
            connecting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Client(connection, owner);
        } catch (Exception e) {
            connection.close();
            if (owner != null) {
                owner.close();
            }
            throw e;
        }
    }
}
