package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the emulator's own messages into the broker, as AWS IoT's services do: past every rule and policy (they
 * are the service's), to every subscriber at its subscription's QoS. Messages published before the broker started
 * go nowhere (no one can be subscribed yet). Retained messages update {@link RetainedTimes}. Thread-safe.
 */
public final class BrokerPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerPublisher.class);

    private final RetainedTimes retainedTimes;
    private final MessageRecorder messages;
    private final Clock clock;
    private volatile PublishService service;

    BrokerPublisher(RetainedTimes retainedTimes, MessageRecorder messages, Clock clock) {
        this.retainedTimes = retainedTimes;
        this.messages = messages;
        this.clock = clock;
    }

    /** Services is static: with several brokers in one JVM it points at the one that started last, so keep ours. */
    void attach(PublishService service) {
        this.service = service;
    }

    void detach() {
        this.service = null;
    }

    /** A QoS 1 message of one of AWS IoT's services; failures are logged (the service does not wait for subscribers). */
    public void publishAtLeastOnce(String topic, byte[] payload) {
        publish(BrokerMessage.atLeastOnce(topic, payload)).exceptionally(failure -> {
            LOG.debug("Message on {} not published: {}", topic, failure.toString());
            return null;
        });
    }

    /**
     * A message published on behalf of a client that is not connected (an HTTPS {@code Publish}), recorded in the
     * journal with the empty client id when messages are recorded.
     *
     * @return completes when the broker has taken the message
     */
    public CompletableFuture<Void> publishFor(String clientId, BrokerMessage message) {
        if (messages != null) {
            messages.published(clientId, message.topic(), message.payload(), message.qos(), message.retain());
        }
        return publish(message);
    }

    private CompletableFuture<Void> publish(BrokerMessage message) {
        PublishService publishService = service;
        if (publishService == null) {
            return CompletableFuture.completedFuture(null);
        }
        PublishBuilder builder = Builders.publish()
                .topic(message.topic())
                .qos(message.qos() == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE)
                .retain(message.retain())
                .payload(ByteBuffer.wrap(message.payload()));
        message.contentType().ifPresent(builder::contentType);
        message.responseTopic().ifPresent(builder::responseTopic);
        message.correlationData().ifPresent(data -> builder.correlationData(ByteBuffer.wrap(data)));
        for (Map.Entry<String, String> property : message.userProperties()) {
            builder.userProperty(property.getKey(), property.getValue());
        }
        message.messageExpirySeconds().ifPresent(builder::messageExpiryInterval);
        message.payloadFormatUtf8().ifPresent(utf8 -> builder.payloadFormatIndicator(
                utf8 ? PayloadFormatIndicator.UTF_8 : PayloadFormatIndicator.UNSPECIFIED));
        if (message.retain()) {
            retainedTimes.retained(message.topic(), message.payload().length == 0, clock.instant());
        }
        return publishService.publish(builder.build());
    }
}
