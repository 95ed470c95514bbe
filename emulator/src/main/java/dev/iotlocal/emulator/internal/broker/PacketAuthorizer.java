package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Puts every PUBLISH and every filter of a SUBSCRIBE through the {@link Pipeline}. HiveMQ asks authorizers before it
 * acknowledges anything, so a refused packet gets no PUBACK or SUBACK and the connection is closed, as AWS IoT
 * does; a refusal of only one filter becomes that filter's SUBACK code for MQTT 5 clients. (A PUBLISH refused alone,
 * with the code in its PUBACK, is the {@link PublishCheck}'s: HiveMQ disconnects whoever an authorizer refuses.)
 */
final class PacketAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Pipeline pipeline;
    private final ConnectionRegistry connections;
    private final Violations violations;
    private final MessageRecorder messages;
    private final DeliveryFilter deliveries;
    private final ServiceRequests services;
    private final RetainedTimes retainedTimes;
    private final Clock clock;

    /**
     * @param messages   where accepted publishes are recorded, or null
     * @param deliveries the delivery check a client gets once its subscriptions can bring it what it may not receive
     * @param services   who answers accepted publishes on {@code $aws} topics
     */
    PacketAuthorizer(Pipeline pipeline, ConnectionRegistry connections, Violations violations, MessageRecorder messages,
                     DeliveryFilter deliveries, ServiceRequests services, RetainedTimes retainedTimes, Clock clock) {
        this.deliveries = deliveries;
        this.services = services;
        this.retainedTimes = retainedTimes;
        this.clock = clock;
        this.pipeline = pipeline;
        this.connections = connections;
        this.violations = violations;
        this.messages = messages;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket publish = input.getPublishPacket();
        if (publish instanceof WillPublishPacket) {
            output.authorizeSuccessfully(); // checked with its CONNECT
            return;
        }
        Connection connection = connections.of(input);
        if (connection == null) {
            output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        Refusal refusal = pipeline.publish(connection.client(),
                new Packets.Publish(publish.getTopic(), publish.getQos().getQosNumber(), publish.getRetain()));
        if (refusal != null) {
            // HiveMQ disconnects the client whatever an authorizer refuses (MQTT 5: after a PUBACK with the code), so a
            // PUBLISH to be refused alone is refused before, by the PublishCheck; one that gets here the check did not
            // see (the account changed in between) and closes the connection
            violations.disconnecting(connection, refusal);
            if (refusal.onlyThePacket() && connection.mqtt5()) {
                output.failAuthorization(ReasonCodes.puback(refusal.code()), refusal.detail());
            } else {
                output.disconnectClient(ReasonCodes.disconnect(refusal.code()), refusal.detail());
            }
            return;
        }
        if (DeliveryFilter.TRAFFIC.isDebugEnabled()) {
            DeliveryFilter.TRAFFIC.debug("'{}' published to '{}' (QoS {}{}, {} bytes)", connection.clientId(), publish.getTopic(),
                    publish.getQos().getQosNumber(), publish.getRetain() ? ", retain" : "",
                    publish.getPayload().map(ByteBuffer::remaining).orElse(0));
        }
        if (messages != null) {
            messages.published(connection.clientId(), publish);
        }
        if (publish.getRetain()) {
            retainedTimes.retained(publish.getTopic(), publish.getPayload().map(ByteBuffer::remaining).orElse(0) == 0, clock.instant());
        }
        if (publish.getTopic().startsWith("$aws/")) {
            services.received(connection.clientId(), publish.getTopic(), publish.getPayload().orElse(EMPTY));
        }
        output.authorizeSuccessfully();
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Connection connection = connections.of(input);
        if (connection == null) {
            output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        Refusal packetRefusal = connection.refusalOfCurrentSubscribe();
        if (packetRefusal != null) {
            output.disconnectClient(ReasonCodes.disconnect(packetRefusal.code()), packetRefusal.detail()); // recorded by the tracker
            return;
        }
        Subscription subscription = input.getSubscription();
        // the checks apply to the filter the client sent, not to the one the broker was handed for it
        String filter = connection.takeRewrite(subscription.getTopicFilter())
                ? pipeline.clientFilter(subscription.getTopicFilter())
                : subscription.getTopicFilter();
        Refusal refusal = pipeline.filter(connection.client(), new Packets.Filter(filter, subscription.getQos().getQosNumber()));
        if (refusal == null) {
            // before the subscription exists (and sends retained messages): deliveries it may bring that the client may
            // not receive are then withheld
            Set<String> subscriptions = new HashSet<>(connection.subscriptions());
            subscriptions.add(filter);
            if (pipeline.checksDeliveriesTo(connection.client(), subscriptions)) {
                connection.checkDeliveries(deliveries);
            }
            output.authorizeSuccessfully();
        } else if (refusal.onlyThePacket() && connection.mqtt5()) {
            violations.refused(connection, refusal);
            output.failAuthorization(ReasonCodes.suback(refusal.code()), refusal.detail());
        } else {
            violations.disconnecting(connection, refusal);
            output.disconnectClient(ReasonCodes.disconnect(refusal.code()), refusal.detail());
        }
    }
}
