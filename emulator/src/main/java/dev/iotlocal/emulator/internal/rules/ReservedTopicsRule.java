package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.internal.topic.ReservedTopics;
import dev.iotlocal.emulator.internal.topic.Topics;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;

/**
 * Topics that start with {@code $} are reserved: clients may use the {@code $aws/...} topics only for the operation
 * AWS IoT allows on each (events: subscribe; rules: publish; shadows, jobs and the rest as documented), never with
 * RETAIN, and no other {@code $} topic at all. Breaking this closes the connection (MQTT 5: 0x87).
 */
final class ReservedTopicsRule extends Rule {

    ReservedTopicsRule(AwsIotRules rules) {
        super("reservedTopics", "reserved_topics",
                "Reserved '$' topics only as AWS IoT allows each ($aws/events: subscribe; $aws/rules: publish; ...), never with RETAIN",
                rules.reservedTopics(), builder -> builder.reservedTopics(false), AwsIotRule.RESERVED_TOPIC);
    }

    @Override
    public Refusal connect(Packets.Client client, Packets.Connect connect) {
        return connect.will().map(will -> topicName("Will", will.topic(), will.retain())).orElse(null);
    }

    @Override
    public Refusal publish(Packets.Client client, Packets.Publish publish) {
        return topicName("PUBLISH", publish.topic(), publish.retain());
    }

    private static Refusal topicName(String what, String topic, boolean retain) {
        if (!ReservedTopics.isReserved(topic)) {
            return null;
        }
        if (retain) {
            return refusal(what + " with RETAIN to reserved topic '" + topic + "'; AWS IoT does not allow RETAIN on reserved topics");
        }
        if (!ReservedTopics.publishAllowed(topic)) {
            return refusal(what + " to reserved topic '" + topic + "', which AWS IoT does not let clients publish to");
        }
        return null;
    }

    @Override
    public Refusal filter(Packets.Client client, Packets.Filter subscription) {
        String filter = subscription.filter();
        String plainFilter = Topics.withoutSharePrefix(filter);
        if (ReservedTopics.isReserved(plainFilter) && !ReservedTopics.subscribeAllowed(plainFilter)) {
            return refusal("SUBSCRIBE to reserved topic filter '" + filter + "', which AWS IoT does not let clients subscribe to");
        }
        return null;
    }

    private static Refusal refusal(String detail) {
        return Refusal.closing(AwsIotRule.RESERVED_TOPIC, MqttReasonCode.NOT_AUTHORIZED, detail);
    }
}
