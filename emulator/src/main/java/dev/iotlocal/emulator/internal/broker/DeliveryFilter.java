package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every delivery: withholds those the {@link Pipeline} does not deliver (AWS IoT sends retained messages only to
 * filters equal to the topic, where HiveMQ sends them to wildcards too), records deliveries, logs them at DEBUG.
 * An outbound publish interceptor costs every delivery a trip through HiveMQ's extension executor (about two thirds
 * of the throughput on two cores), so the broker registers one only when one of those is wanted.
 */
final class DeliveryFilter implements PublishOutboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.deliveries");
    static final Logger TRAFFIC = LoggerFactory.getLogger("dev.iotlocal.traffic");

    private final Pipeline pipeline;
    private final ConnectionRegistry connections;
    private final MessageRecorder messages;
    private final Violations violations;

    /** Whether every client's deliveries need this filter; a client's policies may need it for that client alone. */
    static boolean wanted(Pipeline pipeline, MessageRecorder messages) {
        return pipeline.checksDeliveries() || messages != null || TRAFFIC.isDebugEnabled();
    }

    /** @param messages where deliveries are recorded, or null */
    DeliveryFilter(Pipeline pipeline, ConnectionRegistry connections, MessageRecorder messages, Violations violations) {
        this.violations = violations;
        this.pipeline = pipeline;
        this.connections = connections;
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
        if (!pipeline.delivers(new Packets.Delivery(topic, publish.getRetain()), connection.subscriptions())) {
            LOG.debug("Message on '{}' not sent to client '{}': AWS IoT sends retained messages only to filters equal to the topic",
                    topic, connection.clientId());
            output.preventPublishDelivery();
            return;
        }
        Refusal refusal = pipeline.receive(connection.client(), new Packets.Delivery(topic, publish.getRetain()));
        if (refusal != null) {
            // AWS IoT keeps the subscription and the connection, and does not send the message
            violations.refused(connection, refusal);
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
