package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.List;
import java.util.Optional;

/**
 * Every AWS IoT rule the emulator knows, in the order their checks run: a packet that breaks two rules is refused
 * for the first. A new rule is one more {@link Rule} subclass in this package and one more line here.
 */
public final class RuleBook {

    private final List<Rule> rules;

    private RuleBook(AwsIotRules settings) {
        this.rules = List.of(
                new Qos2NotSupported(settings),
                new RetainedMessagesRule(settings),
                new ClientIdLimits(settings),
                new PacketSizeLimit(settings),
                new TopicLimits(settings),
                new SubscriptionIdentifiersRefused(settings),
                new SubscriptionLimits(settings),
                new KeepAliveLimits(settings),
                new HashWildcardExcludesParent(settings),
                new ReservedTopicsRule(settings),
                new WebSocketTimeToLive(settings),
                // last: a packet that breaks a rule is refused for the rule, as AWS IoT checks its limits first
                new IotPolicies(settings));
    }

    /** The rules as these settings have them, on or off. */
    public static RuleBook of(AwsIotRules settings) {
        return new RuleBook(settings);
    }

    /** Every rule, in check order. */
    public List<Rule> all() {
        return rules;
    }

    /** The rules that are on, in check order: the first stages of the broker's pipeline. */
    public List<Rule> on() {
        return rules.stream().filter(Rule::isOn).toList();
    }

    /** The rule a {@code --disable-rule} token names. */
    public Optional<Rule> byCliToken(String token) {
        return rules.stream().filter(rule -> rule.cliToken().equals(token)).findFirst();
    }

    /** The broker settings the rules that are on need. */
    public BrokerSettings brokerSettings() {
        BrokerSettings settings = new BrokerSettings();
        on().forEach(rule -> rule.configure(settings));
        return settings;
    }
}
