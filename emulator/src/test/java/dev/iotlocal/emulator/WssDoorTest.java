package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RequestSigner;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.SignedUpgrade;
import dev.iotlocal.emulator.support.UpgradeTamper;
import dev.iotlocal.emulator.support.WssDevice;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/** Step 5 of the seed flow: the AWS IoT Device SDK over WSS with SigV4, and every refusal of the upgrade. */
@ExtendWith(CrtResources.class)
class WssDoorTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    // logged in before each test: one test expires every issued credential
    Credentials demo;

    @BeforeEach
    void logIn() {
        demo = SeedFlow.run(running.get(), "demo", "demo-password");
    }

    @Test
    void mqtt311OverWssPublishesAndSubscribesWithCognitoCredentials() {
        IotEmulator emulator = running.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(demo);
             Mqtt311Device server = WssDevice.mqtt311(emulator, credentials, "seed-server")) {
            server.connect();
            server.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE);
            server.publish("thing-update/boiler", "{\"temp\":60}", QualityOfService.AT_LEAST_ONCE);

            MqttMessage message = server.nextMessage();
            assertThat(message.getTopic()).isEqualTo("thing-update/boiler");
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"temp\":60}");
        }
        LifecycleEvent connected = running.awaitEvent("connected", "seed-server");
        assertThat(connected.json()).contains("\"principalIdentifier\":\"000000000000/" + demo.accessKeyId() + ":us-east-1:",
                "\"ipAddress\":\"127.0.0.1\"");
    }

    @Test
    void mqtt5OverWssReceivesWhatAnMtlsDevicePublishes() {
        IotEmulator emulator = running.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(demo);
             Mqtt5Device server = WssDevice.mqtt5(emulator, credentials, "seed-server-5");
             Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("boiler"), "boiler")) {
            ConnAckPacket connAck = server.connect();
            assertThat(connAck.getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            assertThat(connAck.getMaximumQOS()).isEqualTo(QOS.AT_LEAST_ONCE);
            server.subscribe("thing-update/#", QOS.AT_LEAST_ONCE);
            device.connect();

            device.publish("thing-update/boiler", "{\"temp\":61}", QOS.AT_LEAST_ONCE);

            PublishPacket message = server.nextMessage();
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"temp\":61}");
        }
    }

    @Test
    void aClientThatSendsItsOwnUsernameStillConnectsThroughTheDoor() {
        // the SDK puts its metrics into the user name, and the door carries its ticket there too
        IotEmulator emulator = running.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(demo);
             Mqtt311Device server = WssDevice.mqtt311(emulator, credentials, "with-username",
                     builder -> builder.withUsername("fleet-operator"))) {
            server.connect();
            server.subscribe("a/b", QualityOfService.AT_MOST_ONCE);
        }
        assertThat(running.violations()).isEmpty();
    }

    @Test
    void unauthenticatedCredentialsConnectAsAnUnauthenticatedIdentity() {
        IotEmulator emulator = running.get();
        Credentials guest = SeedFlow.unauthenticated(emulator);
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(guest);
             Mqtt5Device visitor = WssDevice.mqtt5(emulator, credentials, "visitor")) {
            visitor.connect();
        }
        assertThat(running.awaitEvent("connected", "visitor").json()).contains(guest.accessKeyId());
    }

    @Test
    void awsRulesApplyOverWssToo() {
        IotEmulator emulator = running.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(demo);
             Mqtt311Device server = WssDevice.mqtt311(emulator, credentials, "rule-breaker")) {
            server.connect();

            server.publishAsync("thing-update/x", "once", QualityOfService.EXACTLY_ONCE, false);

            Await.result(server.firstInterruption());
            RuleViolation violation = running.awaitViolation(v -> v.rule() == AwsIotRule.QOS_2_NOT_SUPPORTED);
            assertThat(violation.principal()).hasValueSatisfying(p -> {
                assertThat(p.kind()).isEqualTo(Principal.Kind.COGNITO_AUTHENTICATED);
                assertThat(p.accessKeyId()).contains(demo.accessKeyId());
            });
        }
    }

    @Test
    void closingTheWebSocketIsAClientInitiatedDisconnect() {
        IotEmulator emulator = running.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(demo);
             Mqtt5Device server = WssDevice.mqtt5(emulator, credentials, "leaving")) {
            server.connect();
        }
        assertThat(running.awaitEvent("disconnected", "leaving").json()).contains("\"disconnectReason\":\"CLIENT_INITIATED_DISCONNECT\"");
    }

    @ParameterizedTest
    @EnumSource(UpgradeTamper.class)
    void tamperedUpgradeIsForbiddenWithAwsReasonAndOpensNoSession(UpgradeTamper tamper) {
        SignedUpgrade.Response response = SignedUpgrade.sendTampered(running.get(), RequestSigner.of(demo), tamper);

        SignedUpgrade.assertForbidden(running, response, tamper);
    }

    @Test
    void untamperedUpgradeSwitchesProtocolsAndEchoesTheSubprotocol() {
        SignedUpgrade.Response response = SignedUpgrade.send(running.get(), SignedUpgrade.presigned(RequestSigner.of(demo)));

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("sec-websocket-protocol")).isEqualTo("mqtt");
        assertThat(running.violations()).isEmpty();
    }

    @Test
    void aClientThatGoesStraightToTheBrokersInternalListenerIsRefused() throws Exception {
        IotEmulator emulator = running.get();
        try (var socket = new java.net.Socket("127.0.0.1", emulator.internalBrokerPort())) {
            socket.setSoTimeout(10_000);
            // CONNECT, MQTT 3.1.1, clean session, user name "x" and a forged ticket as password
            byte[] password = "iot-local-door:forged".getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60, 0, 6, 'i', 'n', 't', 'r', 'u', 'd', 0, 1, 'x'});
            body.write(password.length >> 8);
            body.write(password.length);
            body.write(password);
            socket.getOutputStream().write(0x10);
            socket.getOutputStream().write(body.size());
            socket.getOutputStream().write(body.toByteArray());
            assertThat(socket.getInputStream().read()).as("closed without CONNACK").isEqualTo(-1);
        }
        assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.NOT_AUTHORIZED).detail()).contains("without passing the WSS door");
    }

    @Test
    void expiredCredentialsCannotConnectButAnOpenConnectionStays() {
        IotEmulator emulator = running.get();
        Credentials shortLived = SeedFlow.run(emulator, "demo", "demo-password");
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(shortLived);
             Mqtt311Device open = WssDevice.mqtt311(emulator, credentials, "open-before-expiry");
             Mqtt5Device late = WssDevice.mqtt5(emulator, credentials, "late")) {
            open.connect();

            emulator.expireIssuedCredentials();

            assertThatThrownBy(late::connect).isInstanceOf(Mqtt5Device.ConnectionRefused.class);
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.NOT_AUTHORIZED).detail()).contains("expired");
            open.subscribe("still/here", QualityOfService.AT_LEAST_ONCE);
            open.publish("still/here", "yes", QualityOfService.AT_LEAST_ONCE);
            assertThat(open.nextMessage().getTopic()).isEqualTo("still/here");
        }
    }
}
