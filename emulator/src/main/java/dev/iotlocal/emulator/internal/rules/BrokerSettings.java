package dev.iotlocal.emulator.internal.rules;

import java.util.OptionalInt;

/**
 * The broker settings the rules need, starting from plain MQTT (the broker's own defaults); each rule that is on
 * changes the ones it enforces through the broker. The broker renders them into its configuration. Not
 * thread-safe: filled once, while the emulator starts.
 */
public final class BrokerSettings {

    /** AWS IoT's MQTT 5 topic alias maximum, always advertised. */
    public static final int TOPIC_ALIAS_MAXIMUM = 8;
    /** AWS IoT keeps persistent sessions one hour by default; advertised as the session expiry maximum. */
    public static final int SESSION_EXPIRY_MAXIMUM_SECONDS = 3600;
    /** AWS IoT keeps messages at most seven days. */
    public static final int MESSAGE_EXPIRY_MAXIMUM_SECONDS = 604_800;

    private int maximumQos = 2;
    private boolean retainedMessages = true;
    private boolean subscriptionIdentifiers = true;
    private OptionalInt maximumPacketSize = OptionalInt.empty();
    private OptionalInt maximumKeepAliveSeconds = OptionalInt.empty();

    public int maximumQos() {
        return maximumQos;
    }

    public BrokerSettings maximumQos(int qos) {
        this.maximumQos = qos;
        return this;
    }

    public boolean retainedMessages() {
        return retainedMessages;
    }

    public BrokerSettings retainedMessages(boolean enabled) {
        this.retainedMessages = enabled;
        return this;
    }

    public boolean subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    public BrokerSettings subscriptionIdentifiers(boolean enabled) {
        this.subscriptionIdentifiers = enabled;
        return this;
    }

    /** The largest packet the broker accepts and advertises; empty for the broker's own limit. */
    public OptionalInt maximumPacketSize() {
        return maximumPacketSize;
    }

    public BrokerSettings maximumPacketSize(int bytes) {
        this.maximumPacketSize = OptionalInt.of(bytes);
        return this;
    }

    /** The largest keep-alive the broker grants (0 then means this); empty for unlimited. */
    public OptionalInt maximumKeepAliveSeconds() {
        return maximumKeepAliveSeconds;
    }

    public BrokerSettings maximumKeepAliveSeconds(int seconds) {
        this.maximumKeepAliveSeconds = OptionalInt.of(seconds);
        return this;
    }
}
