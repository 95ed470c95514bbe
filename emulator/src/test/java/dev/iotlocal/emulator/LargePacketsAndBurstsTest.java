package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.WssDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * Packets up to AWS IoT's 128 KiB and bursts of small ones get through either door in both directions, every time;
 * one over 128 KiB closes the connection as AWS IoT does and is recorded. (The WSS door once stopped reading a client
 * for good after any write burst over 64 KiB: its publishes, PUBACKs and DISCONNECT were silently lost.)
 */
@ExtendWith(CrtResources.class)
class LargePacketsAndBurstsTest {

    /** What fits under AWS IoT's 131072-byte packet limit next to the topic below and the PUBLISH header. */
    private static final int LARGEST_PAYLOAD = AwsIotRules.MAXIMUM_PACKET_SIZE - 64;

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    private static Credentials demo;
    private static CredentialsProvider credentials;

    enum Door { MUTUAL_TLS, WSS }

    @BeforeAll
    static void logIn() {
        demo = SeedFlow.run(running.get(), "demo", "demo-password");
        credentials = WssDevice.credentialsProvider(demo);
    }

    @AfterAll
    static void closeCredentials() {
        credentials.close();
    }

    private static Mqtt311Device device(Door door, String clientId, Consumer<AwsIotMqttConnectionBuilder> customizer) {
        IotEmulator emulator = running.get();
        return door == Door.WSS
                ? WssDevice.mqtt311(emulator, credentials, clientId, customizer)
                : Mqtt311Device.of(emulator, emulator.certificates().issue(clientId), clientId, customizer);
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void payloadsOf64To128KibArriveEveryTimeAndSoDoesWhatFollowsThem(Door door) {
        Random random = new Random(11);
        try (Mqtt311Device device = device(door, "big-" + door.name().toLowerCase(), builder -> {})) {
            device.connect();
            device.subscribe("big/echo", QualityOfService.AT_LEAST_ONCE);
            for (int round = 0; round < 25; round++) {
                byte[] payload = new byte[64 * 1024 + random.nextInt(LARGEST_PAYLOAD - 64 * 1024 + 1)];
                random.nextBytes(payload);

                Await.result(device.publishAsync("big/echo", payload, QualityOfService.AT_LEAST_ONCE, false));

                MqttMessage received = device.nextMessage();
                assertThat(received.getPayload()).as("round %d, %d bytes", round, payload.length).isEqualTo(payload);
            }
            device.publish("big/echo", "small after large", QualityOfService.AT_LEAST_ONCE);
            assertThat(new String(device.nextMessage().getPayload())).isEqualTo("small after large");
        }
        assertThat(running.violations()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void burstsOfSmallPublishesAllArrive(Door door) {
        try (Mqtt311Device device = device(door, "burst-" + door.name().toLowerCase(), builder -> {})) {
            device.connect();
            device.subscribe("burst/echo", QualityOfService.AT_LEAST_ONCE);
            for (int burst = 0; burst < 5; burst++) {
                List<CompletableFuture<Integer>> acks = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    byte[] payload = new byte[100];
                    Arrays.fill(payload, (byte) i);
                    acks.add(device.publishAsync("burst/echo", payload, QualityOfService.AT_LEAST_ONCE, false));
                }
                Await.result(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
                for (int i = 0; i < 1000; i++) {
                    assertThat(device.nextMessage()).as("burst %d, message %d", burst, i).isNotNull();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aPacketOver128KibAfterLargeOnesClosesTheConnectionAndIsRecorded(Door door) {
        String clientId = "too-big-" + door.name().toLowerCase();
        try (Mqtt311Device device = device(door, clientId, builder -> {})) {
            device.connect();
            device.subscribe("big/echo", QualityOfService.AT_LEAST_ONCE);
            for (int round = 0; round < 3; round++) {
                Await.result(device.publishAsync("big/echo", new byte[LARGEST_PAYLOAD], QualityOfService.AT_LEAST_ONCE, false));
                assertThat(device.nextMessage().getPayload()).hasSize(LARGEST_PAYLOAD);
            }

            device.publishAsync("big/echo", new byte[129 * 1024], QualityOfService.AT_LEAST_ONCE, false);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(violation -> violation.rule() == AwsIotRule.PACKET_TOO_LARGE).clientId()).isEqualTo(clientId);
            assertThat(running.awaitEvent("disconnected", clientId).json()).contains("\"disconnectReason\":\"CLIENT_ERROR\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void aConnectOf64To128KibIsAccepted(Door door) {
        // the SDK's native code crashes on CONNECT fields this size, so these CONNECTs are written by hand
        String clientId = "big-connect-" + door.name().toLowerCase();
        try (RawMqttClient client = raw(door, clientId)) {
            // a Will of 60 KiB and a 30 KiB user name make a CONNECT of about 90 KiB
            RawMqttClient.Packet connack = client.connect(clientId, 60, "big/will", 1, false, new byte[60 * 1024], "u".repeat(30 * 1024), null);

            assertThat(connack).as("CONNACK").isNotNull();
            assertThat(connack.connackCode()).isZero();
            assertThat(client.answersPing(Await.TIMEOUT)).isTrue();
        }
        assertThat(running.violations()).isEmpty();
    }

    @Test
    void aConnectOver128KibThroughTheWssDoorIsRefusedAndRecorded() {
        try (RawMqttClient client = raw(Door.WSS, "huge-connect")) {
            RawMqttClient.Packet connack = client.connect("huge-connect", 60, "big/will", 1, false, new byte[65_000], "u".repeat(65_000),
                    new byte[2_000]);

            assertThat(connack).as("closed without CONNACK, as AWS IoT closes it").isNull();
        }
        assertThat(running.awaitViolation(violation -> violation.rule() == AwsIotRule.PACKET_TOO_LARGE).detail())
                .startsWith("CONNECT of ").contains("larger than AWS IoT's maximum of 131072 bytes");
    }

    private static RawMqttClient raw(Door door, String thing) {
        IotEmulator emulator = running.get();
        return door == Door.WSS
                ? RawMqttClient.openWss(emulator, demo, false)
                : RawMqttClient.open(emulator, emulator.certificates().issue(thing), false);
    }
}
