package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One of AWS IoT's differences from plain MQTT, in one place: its switch (the {@link AwsIotRules} setting and its
 * {@code --disable-rule} token), the violations it records, what AWS IoT does in one line, the broker settings it
 * needs, and its checks (the {@link Check} methods it overrides). Each subclass is one rule; {@link RuleBook} lists
 * them in the order their checks run. Immutable.
 */
public abstract class Rule implements Check {

    private final String javaSetting;
    private final String cliToken;
    private final String awsBehaviour;
    private final List<AwsIotRule> violations;
    private final boolean on;
    private final Consumer<AwsIotRules.Builder> switchOff;

    /**
     * @param javaSetting  the {@link AwsIotRules} setting that switches it, e.g. {@code qos2Refused}
     * @param cliToken     its token for {@code --disable-rule}, e.g. {@code qos2}
     * @param awsBehaviour what AWS IoT does, in one line
     * @param on           whether the emulator's rules have it on
     * @param switchOff    switches it off in a rules builder
     * @param violations   the violations it records (none for rules that only change what the broker does)
     */
    protected Rule(String javaSetting, String cliToken, String awsBehaviour, boolean on, Consumer<AwsIotRules.Builder> switchOff,
                   AwsIotRule... violations) {
        this.javaSetting = Objects.requireNonNull(javaSetting, "javaSetting");
        this.cliToken = Objects.requireNonNull(cliToken, "cliToken");
        this.awsBehaviour = Objects.requireNonNull(awsBehaviour, "awsBehaviour");
        this.on = on;
        this.switchOff = Objects.requireNonNull(switchOff, "switchOff");
        this.violations = List.of(violations);
    }

    public final String javaSetting() {
        return javaSetting;
    }

    public final String cliToken() {
        return cliToken;
    }

    public final String awsBehaviour() {
        return awsBehaviour;
    }

    public final List<AwsIotRule> violations() {
        return violations;
    }

    /** Whether the rules this instance was made for have it on; only rules that are on take part. */
    public final boolean isOn() {
        return on;
    }

    /** Switches this rule off in {@code rules}, as {@code --disable-rule} does. */
    public final void switchOff(AwsIotRules.Builder rules) {
        switchOff.accept(rules);
    }

    /** Changes the broker settings this rule needs while it is on. */
    public void configure(BrokerSettings settings) {
        // most rules are checks only
    }

    @Override
    public String toString() {
        return cliToken + " (" + javaSetting + (on ? ", on)" : ", off)");
    }
}
