package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import dev.iotlocal.emulator.internal.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withholds deliveries that HiveMQ makes by the MQTT specification but AWS IoT does not: through {@code a/#}
 * to the parent topic {@code a}, and retained messages to anything but an exact-match filter.
 */
final class DeliveryFilter implements PublishOutboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.deliveries");
    private static final Logger TRAFFIC = LoggerFactory.getLogger("dev.iotlocal.traffic");

    private final ConnectionRegistry connections;
    private final boolean hashExcludesParent;
    private final boolean retainedOnlyToExactFilters;
    private final MessageRecorder messages;

    /** @param messages where deliveries are recorded, or null */
    DeliveryFilter(ConnectionRegistry connections, boolean hashExcludesParent, boolean retainedOnlyToExactFilters, MessageRecorder messages) {
        this.connections = connections;
        this.hashExcludesParent = hashExcludesParent;
        this.retainedOnlyToExactFilters = retainedOnlyToExactFilters;
        this.messages = messages;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        Connection connection = connections.of(input);
        if (connection == null) {
            return;
        }
        PublishPacket publish = input.getPublishPacket();
        String topic = publish.getTopic();
        // with Retain As Published forced off, RETAIN=1 outbound means "sent because of a new subscription"
        if (retainedOnlyToExactFilters && publish.getRetain() && !connection.subscriptions().contains(topic)) {
            LOG.debug("Retained message on '{}' not sent to client '{}': AWS IoT sends retained messages only to filters equal to the topic",
                    topic, connection.clientId());
            output.preventPublishDelivery();
            return;
        }
        if (hashExcludesParent && !anyMatches(connection, topic)) {
            LOG.info("Message on '{}' not delivered to client '{}': in AWS IoT 'x/#' does not match the parent topic 'x' (subscriptions: {})",
                    topic, connection.clientId(), connection.subscriptions());
            output.preventPublishDelivery();
            return;
        }
        if (TRAFFIC.isDebugEnabled()) {
            TRAFFIC.debug("'{}' received '{}' (QoS {}{})", connection.clientId(), topic, publish.getQos().getQosNumber(),
                    publish.getRetain() ? ", retain" : "");
        }
        if (messages != null) {
            messages.delivered(connection.clientId(), publish);
        }
    }

    private static boolean anyMatches(Connection connection, String topic) {
        for (String filter : connection.subscriptions()) {
            if (Topics.matches(filter, topic, false)) {
                return true;
            }
        }
        return false;
    }
}
