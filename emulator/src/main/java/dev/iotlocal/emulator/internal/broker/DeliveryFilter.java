package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every delivery: withholds retained messages that HiveMQ sends by the MQTT specification to wildcard
 * filters but AWS IoT sends only to exact-match filters, records deliveries, logs them at DEBUG. Registered only
 * when one of those is wanted. ({@code a/#} not matching {@code a} is handled at subscribe time, see
 * {@link SubscriptionTracker}.)
 */
final class DeliveryFilter implements PublishOutboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.deliveries");
    static final Logger TRAFFIC = LoggerFactory.getLogger("dev.iotlocal.traffic");

    private final ConnectionRegistry connections;
    private final boolean retainedOnlyToExactFilters;
    private final MessageRecorder messages;

    /** @param messages where deliveries are recorded, or null */
    DeliveryFilter(ConnectionRegistry connections, boolean retainedOnlyToExactFilters, MessageRecorder messages) {
        this.connections = connections;
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
        if (TRAFFIC.isDebugEnabled()) {
            TRAFFIC.debug("'{}' received '{}' (QoS {}{})", connection.clientId(), topic, publish.getQos().getQosNumber(),
                    publish.getRetain() ? ", retain" : "");
        }
        if (messages != null) {
            messages.delivered(connection.clientId(), publish);
        }
    }
}
