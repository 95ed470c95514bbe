package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;

/**
 * Refuses an MQTT 5 client's PUBLISH alone, as AWS IoT does on a policy denial: PUBACK 0x87 (a QoS 0 message is just
 * dropped) and the client stays connected. HiveMQ's authorizer cannot: whatever PUBLISH it refuses, it disconnects
 * the client after the PUBACK. Its inbound interceptors run first and may prevent a PUBLISH with a reason code and
 * nothing more, so this one asks the {@link Pipeline} before the {@link PacketAuthorizer} does. It is added only to
 * the MQTT 5 clients that may be refused so ({@link Pipeline#refusesPublishesAloneTo}): an inbound interceptor costs
 * every PUBLISH a trip through HiveMQ's extension executor. What it lets through, the authorizer decides again
 * (a refusal that closes the connection is the authorizer's to carry out).
 */
final class PublishCheck implements PublishInboundInterceptor {

    private final Pipeline pipeline;
    private final ConnectionRegistry connections;
    private final Violations violations;

    PublishCheck(Pipeline pipeline, ConnectionRegistry connections, Violations violations) {
        this.pipeline = pipeline;
        this.connections = connections;
        this.violations = violations;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        Connection connection = connections.of(input);
        if (connection == null || connection.client() == null) {
            return;
        }
        PublishPacket publish = input.getPublishPacket();
        Refusal refusal = pipeline.publish(connection.client(),
                new Packets.Publish(publish.getTopic(), publish.getQos().getQosNumber(), publish.getRetain()));
        if (refusal != null && refusal.onlyThePacket()) {
            violations.refused(connection, refusal);
            output.preventPublishDelivery(ReasonCodes.puback(refusal.code()), refusal.detail());
        }
    }
}
