package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import java.util.Objects;

/**
 * What a check decided against a packet, and so what happens on the wire: MQTT 5 clients get {@code code} (in
 * CONNACK, SUBACK or DISCONNECT), MQTT 3.1.1 clients see the connection close, as AWS IoT does.
 *
 * @param rule          the rule broken, which the journal records
 * @param detail        what exactly happened, readable by a person
 * @param code          the MQTT 5 reason code AWS IoT sends
 * @param onlyTheFilter for a topic filter: MQTT 5 clients get the code in the SUBACK for that filter and stay
 *                      connected; otherwise the connection is closed (or the CONNECT refused)
 */
public record Refusal(AwsIotRule rule, String detail, MqttReasonCode code, boolean onlyTheFilter) {

    public Refusal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(code, "code");
    }

    /** A refusal that closes the connection (or refuses the CONNECT). */
    public static Refusal closing(AwsIotRule rule, MqttReasonCode code, String detail) {
        return new Refusal(rule, detail, code, false);
    }
}
