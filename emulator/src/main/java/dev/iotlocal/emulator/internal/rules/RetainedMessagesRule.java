package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import java.util.Set;

/**
 * AWS IoT's retained messages, by profile. {@link RetainedMessages#NOT_SUPPORTED} (AWS IoT before September 2021):
 * a RETAIN PUBLISH closes the connection (MQTT 5: DISCONNECT 0x9A, enforced by the broker's own setting), a retained
 * Will is refused at CONNECT, CONNACK says Retain Available 0. {@link RetainedMessages#AWS}: retained messages go
 * only to a subscription whose filter equals the topic, and live copies carry RETAIN=0. Off is
 * {@link RetainedMessages#MQTT}: the MQTT specification.
 */
final class RetainedMessagesRule extends Rule {

    private final RetainedMessages profile;

    RetainedMessagesRule(AwsIotRules rules) {
        super("retainedMessages", "retained",
                "Retained messages: NOT_SUPPORTED (AWS IoT before 2021, the default), AWS (today's rules) or MQTT (the specification)",
                rules.retainedMessages() != RetainedMessages.MQTT, builder -> builder.retainedMessages(RetainedMessages.MQTT),
                AwsIotRule.RETAIN_NOT_SUPPORTED);
        this.profile = rules.retainedMessages();
    }

    @Override
    public void configure(BrokerSettings settings) {
        if (profile == RetainedMessages.NOT_SUPPORTED) {
            settings.retainedMessages(false);
        }
    }

    @Override
    public Refusal connect(Packets.Client client, Packets.Connect connect) {
        if (profile != RetainedMessages.NOT_SUPPORTED) {
            return null;
        }
        return connect.will().filter(Packets.Will::retain)
                .map(will -> refusal("CONNECT with a retained Will on '" + will.topic() + "'; retained messages are not supported"))
                .orElse(null);
    }

    @Override
    public boolean retainAsPublished(boolean requested) {
        // AWS IoT sends live copies with RETAIN=0 whatever the client asks
        return profile != RetainedMessages.AWS && requested;
    }

    @Override
    public boolean checksDeliveries() {
        return profile == RetainedMessages.AWS;
    }

    /** With Retain As Published off, RETAIN=1 on a delivery means "sent because of a new subscription". */
    @Override
    public boolean delivers(Packets.Delivery delivery, Set<String> sessionSubscriptions) {
        return profile != RetainedMessages.AWS || !delivery.retain() || sessionSubscriptions.contains(delivery.topic());
    }

    @Override
    public Refusal recognise(MqttReasonCode code, String brokerReason) {
        return code == MqttReasonCode.RETAIN_NOT_SUPPORTED
                ? refusal("PUBLISH with RETAIN set; retained messages are not supported (AWS IoT before September 2021)" + brokerReason)
                : null;
    }

    private static Refusal refusal(String detail) {
        return Refusal.closing(AwsIotRule.RETAIN_NOT_SUPPORTED, MqttReasonCode.RETAIN_NOT_SUPPORTED, detail);
    }
}
