package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.internal.topic.Topics;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;

/**
 * AWS IoT refuses PUBLISH (and Will) topics over 256 UTF-8 bytes and topics or filters with more than 7 slashes, not
 * counting the Basic Ingest prefix {@code $aws/rules/<rule>/} or a shared subscription's {@code $share/<group>/}, and
 * shared subscriptions with share names over 128 or filters over 256 characters. PUBLISH: connection closed (MQTT 5:
 * DISCONNECT 0x90). SUBSCRIBE: MQTT 5 gets SUBACK 0x8F for that filter, MQTT 3.1.1 a closed connection.
 */
final class TopicLimits extends Rule {

    private static final int MAXIMUM_SHARE_NAME_CHARACTERS = 128;
    private static final int MAXIMUM_SHARED_FILTER_CHARACTERS = 256;

    TopicLimits(AwsIotRules rules) {
        super("topicLimits", "topic_limits",
                "PUBLISH topics of at most 256 bytes and 7 slashes (Basic Ingest prefix not counted); filters of at most 7 slashes",
                rules.topicLimits(), builder -> builder.topicLimits(false), AwsIotRule.TOPIC_TOO_LONG, AwsIotRule.TOPIC_TOO_DEEP);
    }

    @Override
    public Refusal connect(Packets.Client client, Packets.Connect connect) {
        return connect.will().map(will -> topicName("Will", will.topic())).orElse(null);
    }

    @Override
    public Refusal publish(Packets.Client client, Packets.Publish publish) {
        return topicName("PUBLISH", publish.topic());
    }

    private static Refusal topicName(String what, String topic) {
        int bytes = Topics.countedBytes(topic);
        if (bytes > AwsIotRules.MAXIMUM_TOPIC_BYTES) {
            return Refusal.closing(AwsIotRule.TOPIC_TOO_LONG, MqttReasonCode.TOPIC_NAME_INVALID,
                    what + " topic is " + bytes + " bytes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_TOPIC_BYTES);
        }
        int slashes = Topics.countedSlashes(topic);
        if (slashes > AwsIotRules.MAXIMUM_TOPIC_SLASHES) {
            return Refusal.closing(AwsIotRule.TOPIC_TOO_DEEP, MqttReasonCode.TOPIC_NAME_INVALID,
                    what + " topic '" + topic + "' has " + slashes + " slashes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_TOPIC_SLASHES);
        }
        return null;
    }

    @Override
    public Refusal filter(Packets.Client client, Packets.Filter subscription) {
        String filter = subscription.filter();
        if (Topics.isShared(filter)) {
            String shareName = Topics.shareName(filter);
            String sharedFilter = Topics.withoutSharePrefix(filter);
            if (shareName.length() > MAXIMUM_SHARE_NAME_CHARACTERS || sharedFilter.length() > MAXIMUM_SHARED_FILTER_CHARACTERS) {
                return new Refusal(AwsIotRule.TOPIC_TOO_LONG, "shared subscription '" + filter + "': AWS IoT allows share names up to "
                        + MAXIMUM_SHARE_NAME_CHARACTERS + " characters and filters up to " + MAXIMUM_SHARED_FILTER_CHARACTERS,
                        MqttReasonCode.TOPIC_FILTER_INVALID, true);
            }
        }
        int slashes = Topics.countedSlashes(filter);
        if (slashes > AwsIotRules.MAXIMUM_TOPIC_SLASHES) {
            return new Refusal(AwsIotRule.TOPIC_TOO_DEEP, "topic filter '" + filter + "' has " + slashes + " slashes; AWS IoT allows at most "
                    + AwsIotRules.MAXIMUM_TOPIC_SLASHES, MqttReasonCode.TOPIC_FILTER_INVALID, true);
        }
        return null;
    }
}
