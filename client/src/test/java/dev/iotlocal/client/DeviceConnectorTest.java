package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.Mqtt311Events;
import dev.iotlocal.client.support.Mqtt5Events;
import dev.iotlocal.client.support.RunningEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/** The X.509 device connection over mutual TLS, from PEM files or a PKCS#12 keystore, with both MQTT versions. */
@ExtendWith(CrtResources.class)
class DeviceConnectorTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    @TempDir
    Path directory;

    @Test
    void pemFilesConnectOverMqtt311AndRoundTripAMessage() {
        DeviceConnector device = pemDevice("thermostat");
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        try (MqttClientConnection connection = device.newMqtt311Connection(new Mqtt311Events())) {
            Await.result(device.connect(connection));
            Await.result(connection.subscribe("thing-update/thermostat", QualityOfService.AT_LEAST_ONCE, received::add));

            Await.result(connection.publish(new MqttMessage("thing-update/thermostat", "21.5".getBytes(StandardCharsets.UTF_8),
                    QualityOfService.AT_LEAST_ONCE, false)));

            assertThat(new String(Await.poll(received).getPayload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
            Await.result(connection.disconnect());
        }
        assertThat(running.awaitEvents("connected", "thermostat", 1)).isNotEmpty();
    }

    @Test
    void pemDeviceOverMqtt5ReachesAServerThatLoggedInWithCognito() {
        DeviceConnector device = pemDevice("boiler");
        Mqtt5Events serverEvents = new Mqtt5Events();
        Mqtt5Events deviceEvents = new Mqtt5Events();
        try (CognitoIotConnector server = CognitoIotConnector.create(running.configFor("fleet-server").build());
             Mqtt5Client serverClient = server.newMqtt5Client(serverEvents::register);
             Mqtt5Client deviceClient = device.newMqtt5Client(deviceEvents::register)) {
            serverClient.start();
            Await.result(serverEvents.firstConnection());
            Await.result(serverClient.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription("thing-update/#", QOS.AT_LEAST_ONCE).build()));
            deviceClient.start();
            Await.result(deviceEvents.firstConnection());

            Await.result(deviceClient.publish(new PublishPacket.PublishPacketBuilder().withTopic("thing-update/boiler")
                    .withPayload("{\"temp\":61}".getBytes(StandardCharsets.UTF_8)).withQOS(QOS.AT_LEAST_ONCE).build()));

            PublishPacket message = serverEvents.nextMessage();
            assertThat(message.getTopic()).isEqualTo("thing-update/boiler");
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"temp\":61}");
            deviceEvents.stop(deviceClient);
            serverEvents.stop(serverClient);
        }
    }

    @Test
    void pkcs12KeystoreConnectsWithBothMqttVersions() throws Exception {
        Path keystore = pkcs12Of(running.get().certificates().issue("meter"), "keystore-password");
        DeviceConnector device = DeviceConnector.fromPkcs12(running.configFor("meter").build(), keystore, "keystore-password");

        try (MqttClientConnection connection = device.newMqtt311Connection(new Mqtt311Events())) {
            Await.result(device.connect(connection));
            Await.result(connection.disconnect());
        }
        Mqtt5Events events = new Mqtt5Events();
        try (Mqtt5Client client = device.newMqtt5Client(events::register)) {
            client.start();
            Await.result(events.firstConnection());
            events.stop(client);
        }
        assertThat(running.awaitEvents("connected", "meter", 2)).hasSize(2);
    }

    @Test
    void deviceThatDoesNotTrustTheServerIsToldAboutTheCaAndItsOwnCertificate() {
        DeviceConnector device = DeviceConnector.fromPemFiles(running.configFor("sceptic").caCertificate(null).build(),
                certificateFile("sceptic"), keyFile("sceptic"));
        Mqtt5Events events = new Mqtt5Events();
        try (Mqtt5Client client = device.newMqtt5Client(events::register)) {
            client.start();
            int errorCode = events.awaitFirstFailure(Await.S2N_BLINDING);
            events.stop(client);

            assertThat(CRT.awsErrorName(errorCode)).isEqualTo("AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE");
            assertThat(device.explain(errorCode)).isInstanceOf(TlsTrustException.class)
                    .hasMessageContaining("localhost:" + running.get().endpoints().mtlsPort())
                    .hasMessageContaining("aws-iot.override.ca-certificate")
                    .hasMessageContaining("device's certificate");
        }
    }

    @Test
    void missingCertificateFileIsNamed() {
        Path missing = directory.resolve("nowhere.cert.pem");

        assertThatThrownBy(() -> DeviceConnector.fromPemFiles(running.configFor("x").build(), missing, missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device certificate").hasMessageContaining(missing.toString());
    }

    @Test
    void keystoreWithAnotherPasswordIsNamed() throws Exception {
        Path keystore = pkcs12Of(running.get().certificates().issue("locked"), "right");

        assertThatThrownBy(() -> DeviceConnector.fromPkcs12(running.configFor("locked").build(), keystore, "wrong"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(keystore.toString()).hasMessageContaining("password");
    }

    @Test
    void unreadableCaFileIsNamedWithItsSetting() {
        Path missing = directory.resolve("missing-ca.pem");

        assertThatThrownBy(() -> DeviceConnector.fromPemFiles(running.configFor("x").caCertificate(missing).build(),
                certificateFile("x"), keyFile("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws-iot.override.ca-certificate").hasMessageContaining(missing.toString());
    }

    private DeviceConnector pemDevice(String thing) {
        return DeviceConnector.fromPemFiles(running.configFor(thing).build(), certificateFile(thing), keyFile(thing));
    }

    private Path certificateFile(String thing) {
        Path file = directory.resolve(thing).resolve(thing + ".cert.pem");
        if (!Files.exists(file)) {
            running.get().certificates().issue(thing).writeTo(directory.resolve(thing));
        }
        return file;
    }

    private Path keyFile(String thing) {
        return certificateFile(thing).resolveSibling(thing + ".private.key");
    }

    /** The emulator writes EC keys as PKCS#8 ({@code PRIVATE KEY}), which the JDK reads by itself. */
    private static PrivateKey pkcs8Key(String pem) throws Exception {
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** What {@code openssl pkcs12 -export} makes of the certificate and key AWS IoT hands out. */
    private Path pkcs12Of(DeviceCertificate device, String password) throws Exception {
        Certificate certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(device.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        PrivateKey key = pkcs8Key(device.privateKeyPem().orElseThrow());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(device.thingName(), key, password.toCharArray(), new Certificate[] {certificate});
        Path file = directory.resolve(device.thingName() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, password.toCharArray());
        }
        return file;
    }
}
