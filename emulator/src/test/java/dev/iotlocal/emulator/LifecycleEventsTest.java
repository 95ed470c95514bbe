package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;

/** AWS IoT's lifecycle events, as a subscriber to {@code $aws/events/#} receives them. */
@ExtendWith(CrtResources.class)
class LifecycleEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void connectSubscribeUnsubscribeDisconnectArePublishedWithAwsFields() throws IOException {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("kettle");
        try (Mqtt5Device watcher = Mqtt5Device.of(emulator, emulator.certificates().issue("watcher"), "watcher")) {
            watcher.connect();
            watcher.subscribe("$aws/events/+/+/kettle", QOS.AT_LEAST_ONCE);

            try (Mqtt311Device kettle = Mqtt311Device.of(emulator, certificate, "kettle")) {
                kettle.connect();
                kettle.subscribe("kitchen/kettle/commands", QualityOfService.AT_LEAST_ONCE);
                kettle.connection().unsubscribe("kitchen/kettle/commands").join();
            } // a clean DISCONNECT

            JsonNode connected = next(watcher, "$aws/events/presence/connected/kettle");
            assertThat(connected.fieldNames()).toIterable().containsExactly(
                    "clientId", "timestamp", "eventType", "sessionIdentifier", "principalIdentifier", "ipAddress", "versionNumber");
            assertThat(connected.get("clientId").asText()).isEqualTo("kettle");
            assertThat(connected.get("eventType").asText()).isEqualTo("connected");
            assertThat(connected.get("principalIdentifier").asText()).isEqualTo(certificate.certificateId());
            assertThat(connected.get("ipAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(connected.get("timestamp").isNumber()).isTrue();
            assertThat(connected.get("versionNumber").asLong()).isZero();
            String session = connected.get("sessionIdentifier").asText();
            assertThat(session).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

            JsonNode subscribed = next(watcher, "$aws/events/subscriptions/subscribed/kettle");
            assertThat(subscribed.get("eventType").asText()).isEqualTo("subscribed");
            assertThat(subscribed.get("topics").get(0).asText()).isEqualTo("kitchen/kettle/commands");
            assertThat(subscribed.get("sessionIdentifier").asText()).isEqualTo(session);

            JsonNode unsubscribed = next(watcher, "$aws/events/subscriptions/unsubscribed/kettle");
            assertThat(unsubscribed.get("topics").get(0).asText()).isEqualTo("kitchen/kettle/commands");

            JsonNode disconnected = next(watcher, "$aws/events/presence/disconnected/kettle");
            assertThat(disconnected.get("eventType").asText()).isEqualTo("disconnected");
            assertThat(disconnected.get("clientInitiatedDisconnect").asBoolean()).isTrue();
            assertThat(disconnected.get("disconnectReason").asText()).isEqualTo("CLIENT_INITIATED_DISCONNECT");
            assertThat(disconnected.get("sessionIdentifier").asText()).isEqualTo(session);
            assertThat(disconnected.get("versionNumber").asLong()).isZero();
            assertThat(disconnected.has("ipAddress")).isFalse();
        }
    }

    @Test
    void subscriptionEventsNameHashWildcardFiltersAsTheClientSentThem() throws IOException {
        IotEmulator emulator = running.get();
        try (Mqtt5Device watcher = Mqtt5Device.of(emulator, emulator.certificates().issue("hash-watcher"), "hash-watcher")) {
            watcher.connect();
            watcher.subscribe("$aws/events/subscriptions/+/toaster", QOS.AT_LEAST_ONCE);

            try (Mqtt311Device toaster = Mqtt311Device.of(emulator, emulator.certificates().issue("toaster"), "toaster")) {
                toaster.connect();
                toaster.subscribe("kitchen/#", QualityOfService.AT_LEAST_ONCE);
                toaster.connection().unsubscribe("kitchen/#").join();
            }

            assertThat(next(watcher, "$aws/events/subscriptions/subscribed/toaster").get("topics").get(0).asText()).isEqualTo("kitchen/#");
            assertThat(next(watcher, "$aws/events/subscriptions/unsubscribed/toaster").get("topics").get(0).asText()).isEqualTo("kitchen/#");
        }
    }

    @Test
    void versionNumberGrowsWithEachConnectionOfAClientId() throws IOException {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("toaster");
        try (Mqtt5Device watcher = Mqtt5Device.of(emulator, emulator.certificates().issue("watcher2"), "watcher2")) {
            watcher.connect();
            watcher.subscribe("$aws/events/presence/connected/toaster", QOS.AT_LEAST_ONCE);
            for (int i = 0; i < 2; i++) {
                try (Mqtt311Device toaster = Mqtt311Device.of(emulator, certificate, "toaster")) {
                    toaster.connect();
                }
            }
            long first = next(watcher, "$aws/events/presence/connected/toaster").get("versionNumber").asLong();
            long second = next(watcher, "$aws/events/presence/connected/toaster").get("versionNumber").asLong();
            assertThat(second).isGreaterThan(first);
        }
    }

    @Test
    void droppedConnectionIsReportedAsConnectionLost() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("unplugged"), false)) {
            client.connect("unplugged", 60);
            running.awaitEvent("connected", "unplugged");
        } // socket closed without DISCONNECT
        assertThat(running.awaitEvent("disconnected", "unplugged").json())
                .contains("\"clientInitiatedDisconnect\":false", "\"disconnectReason\":\"CONNECTION_LOST\"");
    }

    @Test
    void refusedCertificateProducesConnectFailed() throws IOException {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("retired");
        emulator.certificates().setStatus(certificate.certificateId(), CertificateStatus.INACTIVE);
        try (Mqtt5Device watcher = Mqtt5Device.of(emulator, emulator.certificates().issue("watcher3"), "watcher3");
             Mqtt5Device retired = Mqtt5Device.of(emulator, certificate, "retired")) {
            watcher.connect();
            watcher.subscribe("$aws/events/presence/connect_failed/retired", QOS.AT_LEAST_ONCE);

            retired.start();

            JsonNode failed = next(watcher, "$aws/events/presence/connect_failed/retired");
            assertThat(failed.get("eventType").asText()).isEqualTo("connect_failed");
            assertThat(failed.get("connectFailureReason").asText()).isEqualTo("AUTHORIZATION_FAILED");
            assertThat(failed.get("principalIdentifier").asText()).isEqualTo(certificate.certificateId());
            assertThat(failed.get("clientId").asText()).isEqualTo("retired");
        }
    }

    @Test
    void journalKeepsTheEventsInOrder() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("ordered"), "ordered")) {
            device.connect();
            device.subscribe("ordered/in", QualityOfService.AT_MOST_ONCE);
        }
        running.awaitEvent("disconnected", "ordered");
        List<String> types = emulator.journal().lifecycleEvents().stream()
                .filter(event -> event.clientId().equals("ordered")).map(LifecycleEvent::eventType).toList();
        assertThat(types).containsExactly("connected", "subscribed", "disconnected");
    }

    private static JsonNode next(Mqtt5Device watcher, String expectedTopic) throws IOException {
        PublishPacket message = watcher.nextMessage();
        assertThat(message.getTopic()).isEqualTo(expectedTopic);
        return JSON.readTree(message.getPayload());
    }
}
