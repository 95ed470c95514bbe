package dev.iotlocal.emulator.rules;

/** The AWS IoT rules a client can break; each names the {@link AwsIotRules} switch that governs it. */
public enum AwsIotRule {
    /** QoS 2 in a PUBLISH, SUBSCRIBE or Will. Switch: {@link AwsIotRules#qos2Refused()}. */
    QOS_2_NOT_SUPPORTED,
    /** RETAIN=1 while retained messages are not supported. Switch: {@link AwsIotRules#retainedMessages()}. */
    RETAIN_NOT_SUPPORTED,
    /** A client id over 128 bytes or starting with {@code $}. Switch: {@link AwsIotRules#clientIdLimits()}. */
    CLIENT_ID_INVALID,
    /** A packet over 128 KiB. Switch: {@link AwsIotRules#packetSizeLimit()}. */
    PACKET_TOO_LARGE,
    /** A PUBLISH topic over 256 bytes. Switch: {@link AwsIotRules#topicLimits()}. */
    TOPIC_TOO_LONG,
    /** A topic or filter with more than 7 slashes. Switch: {@link AwsIotRules#topicLimits()}. */
    TOPIC_TOO_DEEP,
    /** More than 8 filters in one SUBSCRIBE. Switch: {@link AwsIotRules#subscriptionLimits()}. */
    TOO_MANY_FILTERS_IN_SUBSCRIBE,
    /** More than 50 subscriptions on one connection. Switch: {@link AwsIotRules#subscriptionLimits()}. */
    TOO_MANY_SUBSCRIPTIONS,
    /** An MQTT 5 subscription identifier. Switch: {@link AwsIotRules#subscriptionIdentifiersRefused()}. */
    SUBSCRIPTION_IDENTIFIER_NOT_SUPPORTED,
    /** An operation on a reserved {@code $} topic that AWS IoT does not allow. Switch: {@link AwsIotRules#reservedTopics()}. */
    RESERVED_TOPIC,
    /** A connection whose credentials or certificate AWS IoT would not accept. Always on. */
    NOT_AUTHORIZED
}
