package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import dev.iotlocal.emulator.rules.AwsIotRule;

/**
 * Applies the PUBLISH and SUBSCRIBE rules. HiveMQ asks authorizers before it acknowledges anything, so a
 * refused packet gets no PUBACK or SUBACK and the connection is closed, as AWS IoT does.
 */
final class RulesAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {


    private final RuleBook ruleBook;
    private final ConnectionRegistry connections;
    private final Enforcement enforcement;
    private final MessageRecorder messages;

    /** @param messages where accepted publishes are recorded, or null */
    RulesAuthorizer(RuleBook ruleBook, ConnectionRegistry connections, Enforcement enforcement, MessageRecorder messages) {
        this.ruleBook = ruleBook;
        this.connections = connections;
        this.enforcement = enforcement;
        this.messages = messages;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        PublishPacket publish = input.getPublishPacket();
        if (publish instanceof WillPublishPacket) {
            output.authorizeSuccessfully(); // the authenticator checked the Will at CONNECT
            return;
        }
        Refusal refusal = ruleBook.checkPublish(publish.getTopic(), publish.getQos().getQosNumber(), publish.getRetain());
        if (refusal == null) {
            if (DeliveryFilter.TRAFFIC.isDebugEnabled()) {
                DeliveryFilter.TRAFFIC.debug("'{}' published to '{}' (QoS {}{}, {} bytes)", input.getClientInformation().getClientId(), publish.getTopic(),
                        publish.getQos().getQosNumber(), publish.getRetain() ? ", retain" : "",
                        publish.getPayload().map(java.nio.ByteBuffer::remaining).orElse(0));
            }
            if (messages != null) {
                messages.published(input.getClientInformation().getClientId(), publish);
            }
            output.authorizeSuccessfully();
            return;
        }
        enforcement.violatedAndDisconnected(connections.of(input), input.getClientInformation().getClientId(), refusal);
        output.disconnectClient(refusal.disconnectReasonCode(), refusal.detail());
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Connection connection = connections.of(input);
        Refusal packetRefusal = connection == null ? null : connection.refusalOfCurrentSubscribe();
        if (packetRefusal != null) {
            output.disconnectClient(packetRefusal.disconnectReasonCode(), packetRefusal.detail()); // recorded by the interceptor
            return;
        }
        Subscription subscription = input.getSubscription();
        // the rules apply to the filter the client sent, not to the one the broker was handed for it
        String filter = connection != null && connection.takeRewrite(subscription.getTopicFilter())
                ? SubscriptionTracker.asSentByClient(subscription.getTopicFilter())
                : subscription.getTopicFilter();
        Refusal refusal = ruleBook.checkFilter(filter, subscription.getQos().getQosNumber());
        if (refusal == null) {
            output.authorizeSuccessfully();
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        boolean filterShapeRule = refusal.rule() == AwsIotRule.TOPIC_TOO_DEEP || refusal.rule() == AwsIotRule.TOPIC_TOO_LONG;
        if (filterShapeRule && connection != null && connection.mqtt5()) {
            // MQTT 5 can refuse one filter in its SUBACK (0x8F), which AWS IoT lists for SUBACK
            enforcement.violated(connection.principal(), clientId, refusal.rule(), refusal.detail());
            output.failAuthorization(SubackReasonCode.TOPIC_FILTER_INVALID, refusal.detail());
            return;
        }
        enforcement.violatedAndDisconnected(connection, clientId, refusal);
        output.disconnectClient(refusal.disconnectReasonCode(), refusal.detail());
    }
}
