package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.iotdata.AWSIotData;
import com.amazonaws.services.iotdata.model.ConflictException;
import com.amazonaws.services.iotdata.model.DeleteThingShadowRequest;
import com.amazonaws.services.iotdata.model.GetThingShadowRequest;
import com.amazonaws.services.iotdata.model.InvalidRequestException;
import com.amazonaws.services.iotdata.model.ListNamedShadowsForThingRequest;
import com.amazonaws.services.iotdata.model.ListNamedShadowsForThingResult;
import com.amazonaws.services.iotdata.model.PublishRequest;
import com.amazonaws.services.iotdata.model.RequestEntityTooLargeException;
import com.amazonaws.services.iotdata.model.ResourceNotFoundException;
import com.amazonaws.services.iotdata.model.UnsupportedDocumentEncodingException;
import com.amazonaws.services.iotdata.model.UpdateThingShadowRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.journal.ShadowChanged;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.DataPlane;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.UserProperty;

/**
 * The HTTPS data plane with the AWS SDK's client, signed with the account's key: every shadow operation with its answer
 * and each error status, shadow changes made over HTTPS seen by MQTT subscribers, and Publish into the broker.
 */
@ExtendWith(CrtResources.class)
class IotDataPlaneTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static IotEmulator emulator;
    static AWSIotData data;

    @BeforeAll
    static void start() {
        emulator = IotEmulator.start();
        data = DataPlane.client(emulator);
    }

    @AfterAll
    static void stop() {
        data.shutdown();
        emulator.close();
    }

    @BeforeEach
    void emptyJournal() {
        emulator.journal().clear();
    }

    @Test
    void updateGetAndDeleteAClassicShadow() throws Exception {
        String thing = "lamp-" + UUID.randomUUID();
        JsonNode accepted = json(data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                .withPayload(utf8("{\"state\":{\"desired\":{\"on\":true},\"reported\":{\"on\":false}},\"clientToken\":\"t-1\"}")))
                .getPayload());
        assertThat(accepted.path("state")).isEqualTo(JSON.readTree("{\"desired\":{\"on\":true},\"reported\":{\"on\":false}}"));
        assertThat(accepted.path("version").asLong()).isEqualTo(1);
        assertThat(accepted.path("clientToken").asText()).isEqualTo("t-1");
        assertThat(accepted.at("/metadata/desired/on/timestamp").isIntegralNumber()).isTrue();

        JsonNode document = json(data.getThingShadow(new GetThingShadowRequest().withThingName(thing)).getPayload());
        assertThat(document.path("state")).isEqualTo(JSON.readTree(
                "{\"desired\":{\"on\":true},\"reported\":{\"on\":false},\"delta\":{\"on\":true}}"));
        assertThat(document.path("version").asLong()).isEqualTo(1);
        assertThat(document.has("clientToken")).isFalse();

        JsonNode deleted = json(data.deleteThingShadow(new DeleteThingShadowRequest().withThingName(thing)).getPayload());
        assertThat(deleted.path("version").asLong()).isEqualTo(1);
        assertThat(deleted.path("timestamp").isIntegralNumber()).isTrue();
        assertThatThrownBy(() -> data.getThingShadow(new GetThingShadowRequest().withThingName(thing)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, error -> {
                    assertThat(error.getStatusCode()).isEqualTo(404);
                    assertThat(error.getErrorMessage()).isEqualTo("No shadow exists with name: '" + thing + "'");
                });

        // the version carries on after a delete
        JsonNode again = json(data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                .withPayload(utf8("{\"state\":{\"reported\":{\"on\":true}}}"))).getPayload());
        assertThat(again.path("version").asLong()).isEqualTo(2);
        assertThat(emulator.journal().shadowChanges()).extracting(ShadowChanged::change, ShadowChanged::version, ShadowChanged::clientId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ShadowChanged.Change.UPDATED, 1L, ""),
                        org.assertj.core.groups.Tuple.tuple(ShadowChanged.Change.DELETED, 1L, ""),
                        org.assertj.core.groups.Tuple.tuple(ShadowChanged.Change.UPDATED, 2L, ""));
    }

    @Test
    void namedShadowsAreSeparateFromTheClassicOneAndListedPageByPage() throws Exception {
        String thing = "meter-" + UUID.randomUUID();
        for (String name : List.of("gamma", "alpha", "beta")) {
            data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing).withShadowName(name)
                    .withPayload(utf8("{\"state\":{\"reported\":{\"name\":\"" + name + "\"}}}")));
        }
        data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing).withPayload(utf8("{\"state\":{\"reported\":{}}}")));
        assertThat(json(data.getThingShadow(new GetThingShadowRequest().withThingName(thing).withShadowName("beta")).getPayload())
                .at("/state/reported/name").asText()).isEqualTo("beta");

        ListNamedShadowsForThingResult first = data.listNamedShadowsForThing(new ListNamedShadowsForThingRequest()
                .withThingName(thing).withPageSize(2));
        assertThat(first.getResults()).containsExactly("alpha", "beta");
        assertThat(first.getNextToken()).isNotNull();
        assertThat(first.getTimestamp()).isPositive();
        ListNamedShadowsForThingResult second = data.listNamedShadowsForThing(new ListNamedShadowsForThingRequest()
                .withThingName(thing).withPageSize(2).withNextToken(first.getNextToken()));
        assertThat(second.getResults()).containsExactly("gamma");
        assertThat(second.getNextToken()).isNull();
        assertThat(data.listNamedShadowsForThing(new ListNamedShadowsForThingRequest().withThingName("nobody-" + UUID.randomUUID()))
                .getResults()).isEmpty();

        data.deleteThingShadow(new DeleteThingShadowRequest().withThingName(thing).withShadowName("alpha"));
        assertThat(data.listNamedShadowsForThing(new ListNamedShadowsForThingRequest().withThingName(thing)).getResults())
                .containsExactly("beta", "gamma");
        assertThatThrownBy(() -> data.deleteThingShadow(new DeleteThingShadowRequest().withThingName(thing).withShadowName("alpha")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        error -> assertThat(error.getErrorMessage()).isEqualTo("No shadow exists with name: 'alpha'"));
    }

    @Test
    void eachRefusedUpdateIsAnsweredWithItsStatusAndException() {
        String thing = "valve-" + UUID.randomUUID();
        data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing).withPayload(utf8("{\"state\":{\"desired\":{\"open\":1}}}")));

        assertThatThrownBy(() -> data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                .withPayload(utf8("{\"state\":{\"desired\":{\"open\":2}},\"version\":7}"))))
                .isInstanceOfSatisfying(ConflictException.class, error -> {
                    assertThat(error.getStatusCode()).isEqualTo(409);
                    assertThat(error.getErrorMessage()).isEqualTo("Version conflict");
                });
        assertThatThrownBy(() -> data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                .withPayload(utf8("{\"state\":"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, error -> {
                    assertThat(error.getStatusCode()).isEqualTo(400);
                    assertThat(error.getErrorMessage()).isEqualTo("Payload contains invalid json");
                });
        String large = "x".repeat(8200);
        assertThatThrownBy(() -> data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                .withPayload(utf8("{\"state\":{\"reported\":{\"blob\":\"" + large + "\"}}}"))))
                .isInstanceOfSatisfying(RequestEntityTooLargeException.class, error -> {
                    assertThat(error.getStatusCode()).isEqualTo(413);
                    assertThat(error.getErrorMessage()).isEqualTo("The payload exceeds the maximum size allowed");
                });
        assertThatThrownBy(() -> data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                .withPayload(ByteBuffer.wrap(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))))
                .isInstanceOfSatisfying(UnsupportedDocumentEncodingException.class, error -> assertThat(error.getStatusCode()).isEqualTo(415));
        assertThatThrownBy(() -> data.getThingShadow(new GetThingShadowRequest().withThingName("bad name!")))
                .isInstanceOfSatisfying(AmazonServiceException.class, error -> assertThat(error.getStatusCode()).isEqualTo(400));

        // nothing refused changed the shadow
        assertThat(emulator.shadows().get(thing)).hasValueSatisfying(document -> assertThat(document).contains("\"version\":1"));
    }

    @Test
    void anUpdateOverHttpsReachesMqttSubscribersOfDeltaDocumentsAndAcceptedAndADeleteItsDeleteAccepted() {
        String thing = "heater-" + UUID.randomUUID();
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device device = Policies.trusted(emulator, thing)) {
            device.subscribe(prefix + "/update/delta", QOS.AT_LEAST_ONCE);
            device.subscribe(prefix + "/update/documents", QOS.AT_LEAST_ONCE);
            device.subscribe(prefix + "/update/accepted", QOS.AT_LEAST_ONCE);
            device.subscribe(prefix + "/delete/accepted", QOS.AT_LEAST_ONCE);

            data.updateThingShadow(new UpdateThingShadowRequest().withThingName(thing)
                    .withPayload(utf8("{\"state\":{\"desired\":{\"target\":21}},\"clientToken\":\"from-backend\"}")));

            PublishPacket accepted = device.nextMessage();
            assertThat(accepted.getTopic()).isEqualTo(prefix + "/update/accepted");
            PublishPacket delta = device.nextMessage();
            assertThat(delta.getTopic()).isEqualTo(prefix + "/update/delta");
            assertThat(json(delta.getPayload()).path("state")).isEqualTo(json("{\"target\":21}"));
            assertThat(json(delta.getPayload()).path("clientToken").asText()).isEqualTo("from-backend");
            PublishPacket documents = device.nextMessage();
            assertThat(documents.getTopic()).isEqualTo(prefix + "/update/documents");
            assertThat(json(documents.getPayload()).at("/current/state/desired")).isEqualTo(json("{\"target\":21}"));
            assertThat(json(documents.getPayload()).path("previous").isNull()).isTrue();

            data.deleteThingShadow(new DeleteThingShadowRequest().withThingName(thing));
            PublishPacket deleted = device.nextMessage();
            assertThat(deleted.getTopic()).isEqualTo(prefix + "/delete/accepted");
            assertThat(json(deleted.getPayload()).path("version").asLong()).isEqualTo(1);
        }
    }

    @Test
    void publishReachesMqttSubscribersWithItsQosAndMqtt5Properties() {
        String topic = "commands/" + UUID.randomUUID();
        try (Mqtt5Device device = Policies.trusted(emulator, "listener-" + UUID.randomUUID())) {
            device.subscribe(topic, QOS.AT_LEAST_ONCE);
            byte[] correlation = {1, 2, 3, 4};
            data.publish(new PublishRequest().withTopic(topic).withQos(1).withPayload(utf8("{\"reboot\":true}"))
                    .withContentType("application/json").withResponseTopic(topic + "/reply")
                    .withCorrelationData(Base64.getEncoder().encodeToString(correlation))
                    .withUserProperties("[{\"origin\":\"backend\"},{\"attempt\":\"1\"}]")
                    .withPayloadFormatIndicator("UTF8_DATA").withMessageExpiry(60L));

            PublishPacket message = device.nextMessage();
            assertThat(message.getTopic()).isEqualTo(topic);
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"reboot\":true}");
            assertThat(message.getQOS()).isEqualTo(QOS.AT_LEAST_ONCE);
            assertThat(message.getContentType()).isEqualTo("application/json");
            assertThat(message.getResponseTopic()).isEqualTo(topic + "/reply");
            assertThat(message.getCorrelationData()).containsExactly(correlation);
            assertThat(message.getPayloadFormat()).isEqualTo(PublishPacket.PayloadFormatIndicator.UTF8);
            assertThat(message.getMessageExpiryIntervalSeconds()).isBetween(59L, 60L);
            List<String> properties = new ArrayList<>();
            for (UserProperty property : message.getUserProperties()) {
                properties.add(property.key + "=" + property.value);
            }
            assertThat(properties).containsExactly("origin=backend", "attempt=1");

            data.publish(new PublishRequest().withTopic(topic).withPayload(utf8("at most once")));
            PublishPacket qos0 = device.nextMessage();
            assertThat(qos0.getQOS()).isEqualTo(QOS.AT_MOST_ONCE);
        }
    }

    @Test
    void aShadowUpdatePublishedOverHttpsIsAnsweredOnItsMqttTopics() {
        String thing = "relay-" + UUID.randomUUID();
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device device = Policies.trusted(emulator, thing)) {
            device.subscribe(prefix + "/update/accepted", QOS.AT_LEAST_ONCE);
            data.publish(new PublishRequest().withTopic(prefix + "/update").withQos(1)
                    .withPayload(utf8("{\"state\":{\"reported\":{\"closed\":true}},\"clientToken\":\"via-publish\"}")));
            PublishPacket accepted = device.nextMessage();
            assertThat(accepted.getTopic()).isEqualTo(prefix + "/update/accepted");
            assertThat(json(accepted.getPayload()).path("clientToken").asText()).isEqualTo("via-publish");
        }
        assertThat(emulator.shadows().get(thing)).isPresent();
    }

    @Test
    void publishRefusesWhatAwsIotRefuses() {
        assertThatThrownBy(() -> data.publish(new PublishRequest().withTopic("a/b").withQos(2).withPayload(utf8("x"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, error -> assertThat(error.getStatusCode()).isEqualTo(400));
        assertThatThrownBy(() -> data.publish(new PublishRequest().withTopic("a/" + "b/".repeat(8) + "c").withPayload(utf8("x"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, error -> assertThat(error.getStatusCode()).isEqualTo(400));
        assertThatThrownBy(() -> data.publish(new PublishRequest().withTopic("$aws/events/presence/connected/x").withPayload(utf8("x"))))
                .isInstanceOfSatisfying(AmazonServiceException.class, error -> {
                    assertThat(error.getStatusCode()).isEqualTo(403);
                    assertThat(error.getErrorCode()).isEqualTo("ForbiddenException");
                });
        assertThatThrownBy(() -> data.publish(new PublishRequest().withTopic("big").withPayload(ByteBuffer.wrap(new byte[128 * 1024 + 1]))))
                .isInstanceOfSatisfying(RequestEntityTooLargeException.class, error -> assertThat(error.getStatusCode()).isEqualTo(413));
        // retained messages are not supported by default (the profile of AWS IoT before September 2021)
        assertThatThrownBy(() -> data.publish(new PublishRequest().withTopic("status/x").withRetain(true).withPayload(utf8("x"))))
                .isInstanceOfSatisfying(InvalidRequestException.class, error -> assertThat(error.getErrorMessage()).contains("not supported"));
        assertThat(emulator.journal().violations()).extracting(RuleViolation::rule).containsExactly(AwsIotRule.TOPIC_TOO_DEEP,
                AwsIotRule.RESERVED_TOPIC, AwsIotRule.PACKET_TOO_LARGE, AwsIotRule.RETAIN_NOT_SUPPORTED);
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return json(bytes);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }
}
