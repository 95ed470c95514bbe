package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.Set;

/**
 * AWS IoT does not support MQTT 5 subscription identifiers: CONNACK says Subscription Identifier Available 0 and a
 * SUBSCRIBE carrying one gets DISCONNECT 0xA1.
 */
final class SubscriptionIdentifiersRefused extends Rule {

    SubscriptionIdentifiersRefused(AwsIotRules rules) {
        super("subscriptionIdentifiersRefused", "subscription_identifiers", "No MQTT 5 subscription identifiers",
                rules.subscriptionIdentifiersRefused(), builder -> builder.subscriptionIdentifiersRefused(false),
                AwsIotRule.SUBSCRIPTION_IDENTIFIER_NOT_SUPPORTED);
    }

    @Override
    public void configure(BrokerSettings settings) {
        settings.subscriptionIdentifiers(false);
    }

    @Override
    public Refusal subscribe(Packets.Client client, Packets.Subscribe subscribe, Set<String> sessionSubscriptions) {
        return subscribe.subscriptionIdentifier()
                .map(identifier -> refusal("SUBSCRIBE with subscription identifier " + identifier
                        + "; AWS IoT does not support subscription identifiers"))
                .orElse(null);
    }

    @Override
    public Refusal recognise(MqttReasonCode code, String brokerReason) {
        return code == MqttReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED
                ? refusal("SUBSCRIBE with a subscription identifier; AWS IoT does not support them" + brokerReason)
                : null;
    }

    private static Refusal refusal(String detail) {
        return Refusal.closing(AwsIotRule.SUBSCRIPTION_IDENTIFIER_NOT_SUPPORTED, MqttReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED, detail);
    }
}
