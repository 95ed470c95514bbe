package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.iotdata.AWSIotData;
import com.amazonaws.services.iotdata.model.GetRetainedMessageRequest;
import com.amazonaws.services.iotdata.model.GetRetainedMessageResult;
import com.amazonaws.services.iotdata.model.ListRetainedMessagesRequest;
import com.amazonaws.services.iotdata.model.ListRetainedMessagesResult;
import com.amazonaws.services.iotdata.model.PublishRequest;
import com.amazonaws.services.iotdata.model.ResourceNotFoundException;
import com.amazonaws.services.iotdata.model.RetainedMessageSummary;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.DataPlane;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.UserProperty;

/** GetRetainedMessage, ListRetainedMessages and retained HTTPS publishes under the AWS retained-message profile. */
@ExtendWith(CrtResources.class)
class IotDataPlaneRetainedTest {

    static IotEmulator emulator;
    static AWSIotData data;

    @BeforeAll
    static void start() {
        emulator = IotEmulator.start(EmulatorConfig.builder()
                .rules(AwsIotRules.builder().retainedMessages(RetainedMessages.AWS).build()).build());
        data = DataPlane.client(emulator);
    }

    @AfterAll
    static void stop() {
        data.shutdown();
        emulator.close();
    }

    @Test
    void retainedMessagesFromMqttAndHttpsAreReadAndListedWithTheirTimes() {
        emulator.reset();
        long before = System.currentTimeMillis();
        try (Mqtt5Device device = Policies.trusted(emulator, "retainer")) {
            Await.result(device.client().publish(new software.amazon.awssdk.crt.mqtt5.packets.PublishPacket.PublishPacketBuilder()
                    .withTopic("status/mqtt").withPayload("on".getBytes(StandardCharsets.UTF_8)).withQOS(QOS.AT_LEAST_ONCE)
                    .withRetain(true).withUserProperties(List.of(new UserProperty("origin", "device"))).build()));
        }
        data.publish(new PublishRequest().withTopic("status/https").withQos(1).withRetain(true).withPayload(utf8("{\"level\":3}")));
        long after = System.currentTimeMillis();

        GetRetainedMessageResult fromMqtt = Awaitility.await().until(() -> {
            try {
                return data.getRetainedMessage(new GetRetainedMessageRequest().withTopic("status/mqtt"));
            } catch (ResourceNotFoundException notYet) {
                return null;
            }
        }, result -> result != null);
        assertThat(fromMqtt.getTopic()).isEqualTo("status/mqtt");
        assertThat(text(fromMqtt.getPayload())).isEqualTo("on");
        assertThat(fromMqtt.getQos()).isEqualTo(1);
        assertThat(fromMqtt.getLastModifiedTime()).isBetween(before - 1000, after + 1000);
        assertThat(text(fromMqtt.getUserProperties())).isEqualTo("[{\"origin\":\"device\"}]");

        GetRetainedMessageResult fromHttps = data.getRetainedMessage(new GetRetainedMessageRequest().withTopic("status/https"));
        assertThat(text(fromHttps.getPayload())).isEqualTo("{\"level\":3}");

        ListRetainedMessagesResult firstPage = data.listRetainedMessages(new ListRetainedMessagesRequest().withMaxResults(1));
        assertThat(firstPage.getRetainedTopics()).extracting(RetainedMessageSummary::getTopic).containsExactly("status/https");
        assertThat(firstPage.getRetainedTopics().get(0).getPayloadSize()).isEqualTo(11);
        ListRetainedMessagesResult secondPage = data.listRetainedMessages(new ListRetainedMessagesRequest().withMaxResults(1)
                .withNextToken(firstPage.getNextToken()));
        assertThat(secondPage.getRetainedTopics()).extracting(RetainedMessageSummary::getTopic).containsExactly("status/mqtt");
        assertThat(secondPage.getNextToken()).isNull();
    }

    @Test
    void aRetainedHttpsPublishReachesALaterSubscriberAndAnEmptyOneDeletesIt() {
        emulator.reset();
        data.publish(new PublishRequest().withTopic("config/lamp").withQos(1).withRetain(true).withPayload(utf8("{\"on\":true}")));
        try (Mqtt5Device device = Policies.trusted(emulator, "late-subscriber")) {
            device.subscribe("config/lamp", QOS.AT_LEAST_ONCE);
            PublishPacket retained = device.nextMessage();
            assertThat(retained.getRetain()).isTrue();
            assertThat(new String(retained.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"on\":true}");
        }
        data.publish(new PublishRequest().withTopic("config/lamp").withQos(1).withRetain(true).withPayload(utf8("")));
        Awaitility.await().untilAsserted(() -> assertThatThrownBy(() -> data.getRetainedMessage(
                new GetRetainedMessageRequest().withTopic("config/lamp"))).isInstanceOf(ResourceNotFoundException.class));
        assertThat(data.listRetainedMessages(new ListRetainedMessagesRequest()).getRetainedTopics()).isEmpty();
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
