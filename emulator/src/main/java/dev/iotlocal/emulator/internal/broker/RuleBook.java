package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import dev.iotlocal.emulator.internal.topic.ReservedTopics;
import dev.iotlocal.emulator.internal.topic.Topics;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import java.util.Collection;
import java.util.Optional;

/**
 * AWS IoT's rules for CONNECT, PUBLISH and SUBSCRIBE, as pure decisions: each check returns the refusal
 * AWS IoT would give, or null. The broker hooks turn refusals into wire behaviour.
 */
final class RuleBook {

    private static final int MAXIMUM_SHARE_NAME_CHARACTERS = 128;
    private static final int MAXIMUM_SHARED_FILTER_CHARACTERS = 256;

    private final AwsIotRules rules;

    RuleBook(AwsIotRules rules) {
        this.rules = rules;
    }

    AwsIotRules rules() {
        return rules;
    }

    Refusal checkClientId(String clientId) {
        if (!rules.clientIdLimits()) {
            return null;
        }
        int bytes = Topics.utf8Length(clientId);
        if (bytes > AwsIotRules.MAXIMUM_CLIENT_ID_BYTES) {
            return new Refusal(AwsIotRule.CLIENT_ID_INVALID,
                    "client id is " + bytes + " bytes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_CLIENT_ID_BYTES,
                    DisconnectReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        }
        if (clientId.startsWith("$")) {
            return new Refusal(AwsIotRule.CLIENT_ID_INVALID,
                    "client id '" + clientId + "' starts with '$', which AWS IoT reserves for ids it generates",
                    DisconnectReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        }
        return null;
    }

    /**
     * The Will's QoS and RETAIN. HiveMQ's own settings (maximum QoS 1, retained messages off) refuse these
     * before authentication; this check lets the CONNECT interceptor, which runs first, report them.
     */
    Refusal checkWillFlags(String topic, int qos, boolean retain) {
        if (rules.qos2Refused() && qos == 2) {
            return new Refusal(AwsIotRule.QOS_2_NOT_SUPPORTED,
                    "CONNECT with a Will of QoS 2 on '" + topic + "'; AWS IoT supports QoS 0 and 1 only",
                    DisconnectReasonCode.QOS_NOT_SUPPORTED);
        }
        if (retain && rules.retainedMessages() == RetainedMessages.NOT_SUPPORTED) {
            return new Refusal(AwsIotRule.RETAIN_NOT_SUPPORTED,
                    "CONNECT with a retained Will on '" + topic + "'; retained messages are not supported",
                    DisconnectReasonCode.RETAIN_NOT_SUPPORTED);
        }
        return null;
    }

    /** The Will's topic, under the same rules as a PUBLISH topic. */
    Refusal checkWillTopic(String topic, boolean retain) {
        return checkTopicName("Will", topic, retain);
    }

    Refusal checkPublish(String topic, int qos, boolean retain) {
        if (rules.qos2Refused() && qos == 2) {
            return new Refusal(AwsIotRule.QOS_2_NOT_SUPPORTED,
                    "PUBLISH with QoS 2 to '" + topic + "'; AWS IoT supports QoS 0 and 1 only and closes the connection",
                    DisconnectReasonCode.QOS_NOT_SUPPORTED);
        }
        return checkTopicName("PUBLISH", topic, retain);
    }

    private Refusal checkTopicName(String what, String topic, boolean retain) {
        if (rules.topicLimits()) {
            int bytes = Topics.countedBytes(topic);
            if (bytes > AwsIotRules.MAXIMUM_TOPIC_BYTES) {
                return new Refusal(AwsIotRule.TOPIC_TOO_LONG,
                        what + " topic is " + bytes + " bytes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_TOPIC_BYTES,
                        DisconnectReasonCode.TOPIC_NAME_INVALID);
            }
            int slashes = Topics.countedSlashes(topic);
            if (slashes > AwsIotRules.MAXIMUM_TOPIC_SLASHES) {
                return new Refusal(AwsIotRule.TOPIC_TOO_DEEP,
                        what + " topic '" + topic + "' has " + slashes + " slashes; AWS IoT allows at most "
                                + AwsIotRules.MAXIMUM_TOPIC_SLASHES,
                        DisconnectReasonCode.TOPIC_NAME_INVALID);
            }
        }
        if (rules.reservedTopics() && ReservedTopics.isReserved(topic)) {
            if (retain) {
                return new Refusal(AwsIotRule.RESERVED_TOPIC,
                        what + " with RETAIN to reserved topic '" + topic + "'; AWS IoT does not allow RETAIN on reserved topics",
                        DisconnectReasonCode.NOT_AUTHORIZED);
            }
            if (!ReservedTopics.publishAllowed(topic)) {
                return new Refusal(AwsIotRule.RESERVED_TOPIC,
                        what + " to reserved topic '" + topic + "', which AWS IoT does not let clients publish to",
                        DisconnectReasonCode.NOT_AUTHORIZED);
            }
        }
        return null;
    }

    /** Rules that concern the SUBSCRIBE packet as a whole. */
    Refusal checkSubscribePacket(Collection<String> filters, Optional<Integer> subscriptionIdentifier, Collection<String> existing) {
        if (rules.subscriptionIdentifiersRefused() && subscriptionIdentifier.isPresent()) {
            return new Refusal(AwsIotRule.SUBSCRIPTION_IDENTIFIER_NOT_SUPPORTED,
                    "SUBSCRIBE with subscription identifier " + subscriptionIdentifier.get()
                            + "; AWS IoT does not support subscription identifiers",
                    DisconnectReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED);
        }
        if (rules.subscriptionLimits()) {
            if (filters.size() > AwsIotRules.MAXIMUM_FILTERS_PER_SUBSCRIBE) {
                return new Refusal(AwsIotRule.TOO_MANY_FILTERS_IN_SUBSCRIBE,
                        "SUBSCRIBE with " + filters.size() + " topic filters; AWS IoT allows at most "
                                + AwsIotRules.MAXIMUM_FILTERS_PER_SUBSCRIBE + " per SUBSCRIBE",
                        DisconnectReasonCode.QUOTA_EXCEEDED);
            }
            long added = filters.stream().distinct().filter(filter -> !existing.contains(filter)).count();
            if (existing.size() + added > AwsIotRules.MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION) {
                return new Refusal(AwsIotRule.TOO_MANY_SUBSCRIPTIONS,
                        "SUBSCRIBE would make " + (existing.size() + added) + " subscriptions; AWS IoT allows at most "
                                + AwsIotRules.MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION + " per connection",
                        DisconnectReasonCode.QUOTA_EXCEEDED);
            }
        }
        return null;
    }

    /** Rules that concern one topic filter of a SUBSCRIBE. */
    Refusal checkFilter(String filter, int qos) {
        if (rules.qos2Refused() && qos == 2) {
            return new Refusal(AwsIotRule.QOS_2_NOT_SUPPORTED,
                    "SUBSCRIBE with QoS 2 to '" + filter + "'; AWS IoT supports QoS 0 and 1 only, sends no SUBACK and closes the connection",
                    DisconnectReasonCode.QOS_NOT_SUPPORTED);
        }
        if (rules.topicLimits()) {
            if (Topics.isShared(filter)) {
                String shareName = Topics.shareName(filter);
                String sharedFilter = Topics.withoutSharePrefix(filter);
                if (shareName.length() > MAXIMUM_SHARE_NAME_CHARACTERS || sharedFilter.length() > MAXIMUM_SHARED_FILTER_CHARACTERS) {
                    return new Refusal(AwsIotRule.TOPIC_TOO_LONG,
                            "shared subscription '" + filter + "': AWS IoT allows share names up to " + MAXIMUM_SHARE_NAME_CHARACTERS
                                    + " characters and filters up to " + MAXIMUM_SHARED_FILTER_CHARACTERS,
                            DisconnectReasonCode.TOPIC_FILTER_INVALID);
                }
            }
            int slashes = Topics.countedSlashes(filter);
            if (slashes > AwsIotRules.MAXIMUM_TOPIC_SLASHES) {
                return new Refusal(AwsIotRule.TOPIC_TOO_DEEP,
                        "topic filter '" + filter + "' has " + slashes + " slashes; AWS IoT allows at most "
                                + AwsIotRules.MAXIMUM_TOPIC_SLASHES,
                        DisconnectReasonCode.TOPIC_FILTER_INVALID);
            }
        }
        String plainFilter = Topics.withoutSharePrefix(filter);
        if (rules.reservedTopics() && ReservedTopics.isReserved(plainFilter) && !ReservedTopics.subscribeAllowed(plainFilter)) {
            return new Refusal(AwsIotRule.RESERVED_TOPIC,
                    "SUBSCRIBE to reserved topic filter '" + filter + "', which AWS IoT does not let clients subscribe to",
                    DisconnectReasonCode.NOT_AUTHORIZED);
        }
        return null;
    }
}
