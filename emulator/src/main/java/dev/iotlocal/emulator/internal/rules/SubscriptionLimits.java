package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.Set;

/**
 * AWS IoT accepts at most 8 filters in one SUBSCRIBE and 50 subscriptions on one connection; beyond that the
 * connection is closed (MQTT 5: DISCONNECT 0x97 "Quota exceeded").
 */
final class SubscriptionLimits extends Rule {

    SubscriptionLimits(AwsIotRules rules) {
        super("subscriptionLimits", "subscription_limits", "At most 8 filters per SUBSCRIBE and 50 subscriptions per connection",
                rules.subscriptionLimits(), builder -> builder.subscriptionLimits(false),
                AwsIotRule.TOO_MANY_FILTERS_IN_SUBSCRIBE, AwsIotRule.TOO_MANY_SUBSCRIPTIONS);
    }

    @Override
    public Refusal subscribe(Packets.Client client, Packets.Subscribe subscribe, Set<String> sessionSubscriptions) {
        int filters = subscribe.filters().size();
        if (filters > AwsIotRules.MAXIMUM_FILTERS_PER_SUBSCRIBE) {
            return Refusal.closing(AwsIotRule.TOO_MANY_FILTERS_IN_SUBSCRIBE, MqttReasonCode.QUOTA_EXCEEDED, "SUBSCRIBE with " + filters
                    + " topic filters; AWS IoT allows at most " + AwsIotRules.MAXIMUM_FILTERS_PER_SUBSCRIBE + " per SUBSCRIBE");
        }
        long added = subscribe.filters().stream().distinct().filter(filter -> !sessionSubscriptions.contains(filter)).count();
        long total = sessionSubscriptions.size() + added;
        if (total > AwsIotRules.MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION) {
            return Refusal.closing(AwsIotRule.TOO_MANY_SUBSCRIPTIONS, MqttReasonCode.QUOTA_EXCEEDED, "SUBSCRIBE would make " + total
                    + " subscriptions; AWS IoT allows at most " + AwsIotRules.MAXIMUM_SUBSCRIPTIONS_PER_CONNECTION + " per connection");
        }
        return null;
    }
}
