package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/** Step 5 of the seed flow: the AWS IoT Device SDK v2 over WSS with SigV4, built as the seed builds it. */
public final class WssDevice {

    private WssDevice() {}

    /** A static aws-crt credentials provider from Cognito credentials; the caller closes it. */
    public static CredentialsProvider credentialsProvider(Credentials credentials) {
        return new StaticCredentialsProvider.StaticCredentialsProviderBuilder()
                .withAccessKeyId(credentials.accessKeyId().getBytes(StandardCharsets.UTF_8))
                .withSecretAccessKey(credentials.secretKey().getBytes(StandardCharsets.UTF_8))
                .withSessionToken(credentials.sessionToken().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** An MQTT 3.1.1 connection over WSS. */
    public static Mqtt311Device mqtt311(IotEmulator emulator, CredentialsProvider credentials, String clientId) {
        return mqtt311(emulator, credentials, clientId, builder -> {});
    }

    public static Mqtt311Device mqtt311(IotEmulator emulator, CredentialsProvider credentials, String clientId,
                                        Consumer<AwsIotMqttConnectionBuilder> customizer) {
        return Mqtt311Device.withBuilder(() -> {
            AwsIotMqttConnectionBuilder builder = newDefaultBuilder();
            builder.withEndpoint(emulator.endpoints().host())
                    .withWebsockets(true)
                    // withWebsockets(true) resets the port to 443
                    .withPort(emulator.endpoints().wssPort())
                    .withWebsocketSigningRegion(emulator.config().region())
                    .withWebsocketCredentialsProvider(credentials)
                    .withCertificateAuthority(emulator.certificates().caCertificatePem())
                    .withClientId(clientId)
                    .withCleanSession(true)
                    .withReconnectTimeoutSecs(1, 3)
                    .withProtocolOperationTimeoutMs(10_000);
            customizer.accept(builder);
            return builder;
        });
    }

    /** An MQTT 5 client over WSS. */
    public static Mqtt5Device mqtt5(IotEmulator emulator, CredentialsProvider credentials, String clientId) {
        AwsIotMqtt5ClientBuilder.WebsocketSigv4Config sigv4 = new AwsIotMqtt5ClientBuilder.WebsocketSigv4Config();
        // the builder cannot derive a region from "localhost"
        sigv4.region = emulator.config().region();
        sigv4.credentialsProvider = credentials;
        return Mqtt5Device.withBuilder(() -> {
            AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newWebsocketMqttBuilderWithSigv4Auth(emulator.endpoints().host(), sigv4);
            builder.withPort((long) emulator.endpoints().wssPort())
                    .withCertificateAuthority(emulator.certificates().caCertificatePem())
                    .withClientId(clientId)
                    .withMinReconnectDelayMs(1_000L)
                    .withMaxReconnectDelayMs(3_000L);
            return builder;
        });
    }

    private static AwsIotMqttConnectionBuilder newDefaultBuilder() {
        try {
            return AwsIotMqttConnectionBuilder.newDefaultBuilder();
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
