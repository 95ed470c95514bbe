package dev.iotlocal.emulator.rules;

import dev.iotlocal.emulator.journal.RuleViolation;
import java.time.Duration;
import java.util.Objects;

/**
 * Which of AWS IoT Core's differences from plain MQTT the broker enforces. Every rule is on by default
 * ({@link #strict()}); each can be switched off to get plain MQTT behaviour for that aspect. When a client
 * breaks a rule that is on, the broker does on the wire what AWS IoT does and records a {@link RuleViolation}.
 * Immutable and thread-safe; use {@link #toBuilder()} to derive a variant.
 */
public final class AwsIotRules {

    /** AWS IoT's maximum MQTT packet and payload size: 128 KiB. */
    public static final int MAXIMUM_PACKET_SIZE = 128 * 1024;
    /** AWS IoT's maximum topic length in a PUBLISH, in UTF-8 bytes. */
    public static final int MAXIMUM_TOPIC_BYTES = 256;
    /** AWS IoT allows at most 7 slashes (8 levels) in a topic or topic filter. */
    public static final int MAXIMUM_TOPIC_SLASHES = 7;
    /** AWS IoT's maximum client id length, in UTF-8 bytes. */
    public static final int MAXIMUM_CLIENT_ID_BYTES = 128;
    /** AWS IoT accepts at most 8 topic filters in one SUBSCRIBE packet. */
    public static final int MAXIMUM_FILTERS_PER_SUBSCRIBE = 8;
    /** AWS IoT allows at most 50 subscriptions on one connection. */
    public static final int MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION = 50;
    /** AWS IoT's largest keep-alive; 0 also means this. */
    public static final Duration MAXIMUM_KEEP_ALIVE = Duration.ofSeconds(1200);
    /** AWS IoT's smallest keep-alive; smaller requests are raised to it. */
    public static final Duration MINIMUM_KEEP_ALIVE = Duration.ofSeconds(30);
    /** How long AWS IoT lets a WebSocket connection last. */
    public static final Duration WEBSOCKET_TIME_TO_LIVE = Duration.ofHours(24);
    /** AWS IoT's MQTT 5 topic alias maximum. */
    public static final int TOPIC_ALIAS_MAXIMUM = 8;

    private static final AwsIotRules STRICT = new Builder().build();

    private final boolean qos2Refused;
    private final RetainedMessages retainedMessages;
    private final boolean clientIdLimits;
    private final boolean packetSizeLimit;
    private final boolean topicLimits;
    private final boolean subscriptionLimits;
    private final boolean keepAliveLimits;
    private final Duration minimumKeepAlive;
    private final boolean hashWildcardExcludesParent;
    private final boolean subscriptionIdentifiersRefused;
    private final boolean reservedTopics;
    private final boolean webSocketTimeToLiveLimit;
    private final Duration webSocketTimeToLive;
    private final boolean policyEvaluation;

    private AwsIotRules(Builder builder) {
        this.qos2Refused = builder.qos2Refused;
        this.retainedMessages = builder.retainedMessages;
        this.clientIdLimits = builder.clientIdLimits;
        this.packetSizeLimit = builder.packetSizeLimit;
        this.topicLimits = builder.topicLimits;
        this.subscriptionLimits = builder.subscriptionLimits;
        this.keepAliveLimits = builder.keepAliveLimits;
        this.minimumKeepAlive = builder.minimumKeepAlive;
        this.hashWildcardExcludesParent = builder.hashWildcardExcludesParent;
        this.subscriptionIdentifiersRefused = builder.subscriptionIdentifiersRefused;
        this.reservedTopics = builder.reservedTopics;
        this.webSocketTimeToLiveLimit = builder.webSocketTimeToLiveLimit;
        this.webSocketTimeToLive = builder.webSocketTimeToLive;
        this.policyEvaluation = builder.policyEvaluation;
    }

    /** Every AWS IoT rule on, retained messages {@link RetainedMessages#NOT_SUPPORTED}: the default. */
    public static AwsIotRules strict() {
        return STRICT;
    }

    /** Every rule off and retained messages as in MQTT: plain HiveMQ behaviour, for comparison. */
    public static AwsIotRules plainMqtt() {
        return new Builder()
                .qos2Refused(false)
                .retainedMessages(RetainedMessages.MQTT)
                .clientIdLimits(false)
                .packetSizeLimit(false)
                .topicLimits(false)
                .subscriptionLimits(false)
                .keepAliveLimits(false)
                .hashWildcardExcludesParent(false)
                .subscriptionIdentifiersRefused(false)
                .reservedTopics(false)
                .webSocketTimeToLiveLimit(false)
                .policyEvaluation(false)
                .build();
    }

    /** A builder that starts from {@link #strict()}. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * AWS IoT supports only QoS 0 and 1: a QoS 2 PUBLISH or SUBSCRIBE gets no acknowledgement and the
     * connection is closed (MQTT 5: DISCONNECT 0x9B), a Will with QoS 2 is refused at CONNECT (MQTT 5:
     * CONNACK 0x9B), and MQTT 5 CONNACK says Maximum QoS = 1.
     */
    public boolean qos2Refused() {
        return qos2Refused;
    }

    /** The retained-message profile; see {@link RetainedMessages}. */
    public RetainedMessages retainedMessages() {
        return retainedMessages;
    }

    /**
     * AWS IoT refuses client ids longer than 128 UTF-8 bytes and client ids that start with {@code $}
     * (reserved for ids AWS generates): MQTT 5 gets CONNACK 0x85, MQTT 3.1.1 a closed connection.
     */
    public boolean clientIdLimits() {
        return clientIdLimits;
    }

    /**
     * AWS IoT refuses packets over 128 KiB: the connection is closed (MQTT 5: DISCONNECT 0x95), and MQTT 5
     * CONNACK says Maximum Packet Size = 131072.
     */
    public boolean packetSizeLimit() {
        return packetSizeLimit;
    }

    /**
     * AWS IoT refuses PUBLISH topics over 256 UTF-8 bytes and topics or filters with more than 7 slashes (not
     * counting the {@code $aws/rules/<rule>/} prefix or a shared subscription's {@code $share/<group>/}).
     * PUBLISH: connection closed (MQTT 5: DISCONNECT 0x90). SUBSCRIBE: connection closed (MQTT 5: SUBACK 0x8F).
     */
    public boolean topicLimits() {
        return topicLimits;
    }

    /**
     * AWS IoT accepts at most 8 filters in one SUBSCRIBE and 50 subscriptions on one connection; beyond
     * that the connection is closed (MQTT 5: DISCONNECT 0x97 "Quota exceeded").
     */
    public boolean subscriptionLimits() {
        return subscriptionLimits;
    }

    /**
     * AWS IoT clamps the CONNECT keep-alive to 30..1200 s (0 means 1200) and disconnects a client that is
     * silent for 1.5 times that. MQTT 5 CONNACK carries the Server Keep Alive when it changed.
     */
    public boolean keepAliveLimits() {
        return keepAliveLimits;
    }

    /**
     * The smallest keep-alive when {@link #keepAliveLimits()} is on: 30 s in AWS IoT. Tests may lower it to
     * see a keep-alive timeout quickly; anything below 30 s is not what AWS does.
     */
    public Duration minimumKeepAlive() {
        return minimumKeepAlive;
    }

    /**
     * In AWS IoT {@code sensor/#} does not match {@code sensor} (the MQTT specification says it should):
     * messages to the parent level are not delivered through such a filter.
     */
    public boolean hashWildcardExcludesParent() {
        return hashWildcardExcludesParent;
    }

    /**
     * AWS IoT does not support MQTT 5 subscription identifiers: CONNACK says Subscription Identifier
     * Available = 0 and a SUBSCRIBE carrying one gets DISCONNECT 0xA1.
     */
    public boolean subscriptionIdentifiersRefused() {
        return subscriptionIdentifiersRefused;
    }

    /**
     * Topics that start with {@code $} are reserved: clients may only use the {@code $aws/...} topics for
     * the operation AWS IoT allows on each (events: subscribe; rules: publish; shadows, jobs and the rest as
     * documented), never RETAIN on them, and no other {@code $} topic at all. Breaking this closes the connection.
     */
    public boolean reservedTopics() {
        return reservedTopics;
    }

    /**
     * AWS IoT closes a WebSocket connection when it has lasted 24 hours (lifecycle reason
     * {@code WEBSOCKET_TTL_EXPIRATION}); clients are expected to reconnect. Off: WebSocket connections last as long
     * as their client wants.
     */
    public boolean webSocketTimeToLiveLimit() {
        return webSocketTimeToLiveLimit;
    }

    /**
     * How long a WebSocket connection may last when {@link #webSocketTimeToLiveLimit()} is on: 24 hours in AWS IoT.
     * Tests make it short to see their client reconnect.
     */
    public Duration webSocketTimeToLive() {
        return webSocketTimeToLive;
    }

    /**
     * AWS IoT authorizes every action with the principal's policies: {@code iot:Connect} at CONNECT (with the Will's
     * {@code iot:Publish}), {@code iot:Publish} (and {@code iot:RetainPublish} with RETAIN) per PUBLISH,
     * {@code iot:Subscribe} per filter, {@code iot:Receive} per delivery; a certificate's policies are its own and its
     * thing's groups', an authenticated Cognito identity's its IoT policies and its role's IAM policy, an
     * unauthenticated one's its role's. A denial refuses the CONNECT, closes an MQTT 3.1.1 connection (MQTT 5:
     * 0x87 in the PUBACK or SUBACK, and the connection stays), withholds a delivery, and is recorded as a
     * {@link dev.iotlocal.emulator.journal.PolicyDenial}. Off: every admitted client may do everything.
     */
    public boolean policyEvaluation() {
        return policyEvaluation;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AwsIotRules that
                && qos2Refused == that.qos2Refused
                && retainedMessages == that.retainedMessages
                && clientIdLimits == that.clientIdLimits
                && packetSizeLimit == that.packetSizeLimit
                && topicLimits == that.topicLimits
                && subscriptionLimits == that.subscriptionLimits
                && keepAliveLimits == that.keepAliveLimits
                && minimumKeepAlive.equals(that.minimumKeepAlive)
                && hashWildcardExcludesParent == that.hashWildcardExcludesParent
                && subscriptionIdentifiersRefused == that.subscriptionIdentifiersRefused
                && reservedTopics == that.reservedTopics
                && webSocketTimeToLiveLimit == that.webSocketTimeToLiveLimit
                && webSocketTimeToLive.equals(that.webSocketTimeToLive)
                && policyEvaluation == that.policyEvaluation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(qos2Refused, retainedMessages, clientIdLimits, packetSizeLimit, topicLimits, subscriptionLimits,
                keepAliveLimits, minimumKeepAlive, hashWildcardExcludesParent, subscriptionIdentifiersRefused, reservedTopics, webSocketTimeToLiveLimit, webSocketTimeToLive,
                policyEvaluation);
    }

    @Override
    public String toString() {
        return "AwsIotRules[qos2Refused=" + qos2Refused + ", retainedMessages=" + retainedMessages
                + ", clientIdLimits=" + clientIdLimits + ", packetSizeLimit=" + packetSizeLimit
                + ", topicLimits=" + topicLimits + ", subscriptionLimits=" + subscriptionLimits
                + ", keepAliveLimits=" + keepAliveLimits + ", minimumKeepAlive=" + minimumKeepAlive
                + ", hashWildcardExcludesParent=" + hashWildcardExcludesParent
                + ", subscriptionIdentifiersRefused=" + subscriptionIdentifiersRefused
                + ", reservedTopics=" + reservedTopics + ", webSocketTimeToLiveLimit=" + webSocketTimeToLiveLimit
                + ", webSocketTimeToLive=" + webSocketTimeToLive + ", policyEvaluation=" + policyEvaluation + "]";
    }

    /** Builds {@link AwsIotRules}; starts with every rule on. Not thread-safe. */
    public static final class Builder {
        private boolean qos2Refused = true;
        private RetainedMessages retainedMessages = RetainedMessages.NOT_SUPPORTED;
        private boolean clientIdLimits = true;
        private boolean packetSizeLimit = true;
        private boolean topicLimits = true;
        private boolean subscriptionLimits = true;
        private boolean keepAliveLimits = true;
        private Duration minimumKeepAlive = MINIMUM_KEEP_ALIVE;
        private boolean hashWildcardExcludesParent = true;
        private boolean subscriptionIdentifiersRefused = true;
        private boolean reservedTopics = true;
        private boolean webSocketTimeToLiveLimit = true;
        private Duration webSocketTimeToLive = WEBSOCKET_TIME_TO_LIVE;
        private boolean policyEvaluation = true;

        private Builder() {}

        private Builder(AwsIotRules rules) {
            qos2Refused = rules.qos2Refused;
            retainedMessages = rules.retainedMessages;
            clientIdLimits = rules.clientIdLimits;
            packetSizeLimit = rules.packetSizeLimit;
            topicLimits = rules.topicLimits;
            subscriptionLimits = rules.subscriptionLimits;
            keepAliveLimits = rules.keepAliveLimits;
            minimumKeepAlive = rules.minimumKeepAlive;
            hashWildcardExcludesParent = rules.hashWildcardExcludesParent;
            subscriptionIdentifiersRefused = rules.subscriptionIdentifiersRefused;
            reservedTopics = rules.reservedTopics;
            webSocketTimeToLiveLimit = rules.webSocketTimeToLiveLimit;
            webSocketTimeToLive = rules.webSocketTimeToLive;
            policyEvaluation = rules.policyEvaluation;
        }

        /** See {@link AwsIotRules#policyEvaluation()}. */
        public Builder policyEvaluation(boolean on) {
            this.policyEvaluation = on;
            return this;
        }

        /** See {@link AwsIotRules#qos2Refused()}. */
        public Builder qos2Refused(boolean on) {
            this.qos2Refused = on;
            return this;
        }

        /** See {@link AwsIotRules#retainedMessages()}. */
        public Builder retainedMessages(RetainedMessages profile) {
            this.retainedMessages = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** See {@link AwsIotRules#clientIdLimits()}. */
        public Builder clientIdLimits(boolean on) {
            this.clientIdLimits = on;
            return this;
        }

        /** See {@link AwsIotRules#packetSizeLimit()}. */
        public Builder packetSizeLimit(boolean on) {
            this.packetSizeLimit = on;
            return this;
        }

        /** See {@link AwsIotRules#topicLimits()}. */
        public Builder topicLimits(boolean on) {
            this.topicLimits = on;
            return this;
        }

        /** See {@link AwsIotRules#subscriptionLimits()}. */
        public Builder subscriptionLimits(boolean on) {
            this.subscriptionLimits = on;
            return this;
        }

        /** See {@link AwsIotRules#keepAliveLimits()}. */
        public Builder keepAliveLimits(boolean on) {
            this.keepAliveLimits = on;
            return this;
        }

        /** See {@link AwsIotRules#minimumKeepAlive()}; whole seconds from 1 to 1200. */
        public Builder minimumKeepAlive(Duration minimum) {
            Objects.requireNonNull(minimum, "minimum");
            if (minimum.toSeconds() < 1 || minimum.compareTo(MAXIMUM_KEEP_ALIVE) > 0 || minimum.toSeconds() * 1000 != minimum.toMillis()) {
                throw new IllegalArgumentException("The minimum keep-alive is whole seconds from 1 to 1200: " + minimum);
            }
            this.minimumKeepAlive = minimum;
            return this;
        }

        /** See {@link AwsIotRules#hashWildcardExcludesParent()}. */
        public Builder hashWildcardExcludesParent(boolean on) {
            this.hashWildcardExcludesParent = on;
            return this;
        }

        /** See {@link AwsIotRules#subscriptionIdentifiersRefused()}. */
        public Builder subscriptionIdentifiersRefused(boolean on) {
            this.subscriptionIdentifiersRefused = on;
            return this;
        }

        /** See {@link AwsIotRules#reservedTopics()}. */
        public Builder reservedTopics(boolean on) {
            this.reservedTopics = on;
            return this;
        }

        /** See {@link AwsIotRules#webSocketTimeToLiveLimit()}. */
        public Builder webSocketTimeToLiveLimit(boolean on) {
            this.webSocketTimeToLiveLimit = on;
            return this;
        }

        /** See {@link AwsIotRules#webSocketTimeToLive()}; positive. */
        public Builder webSocketTimeToLive(Duration timeToLive) {
            if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
                throw new IllegalArgumentException("A WebSocket time to live is positive: " + timeToLive);
            }
            this.webSocketTimeToLive = timeToLive;
            return this;
        }

        public AwsIotRules build() {
            return new AwsIotRules(this);
        }
    }
}
