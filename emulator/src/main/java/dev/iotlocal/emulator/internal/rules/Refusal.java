package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.util.Objects;

/**
 * What a check decided against a packet, and so what happens on the wire: MQTT 5 clients get {@code code} (in
 * CONNACK, PUBACK, SUBACK or DISCONNECT), MQTT 3.1.1 clients see the connection close, as AWS IoT does.
 *
 * @param rule          the rule broken, which the journal records; null for a policy denial
 * @param detail        what exactly happened, readable by a person
 * @param code          the MQTT 5 reason code AWS IoT sends
 * @param onlyThePacket for a topic filter or a PUBLISH: MQTT 5 clients get the code in the SUBACK for that filter
 *                      (or the PUBACK) and stay connected; otherwise the connection is closed (or the CONNECT refused)
 * @param denial        the policy denial, which the journal records; null for a rule broken
 */
public record Refusal(AwsIotRule rule, String detail, MqttReasonCode code, boolean onlyThePacket, PolicyDenial denial) {

    public Refusal {
        if ((rule == null) == (denial == null)) {
            throw new IllegalArgumentException("A refusal is for a rule or for a policy denial");
        }
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(code, "code");
    }

    /** A refusal for a rule broken. */
    public Refusal(AwsIotRule rule, String detail, MqttReasonCode code, boolean onlyThePacket) {
        this(Objects.requireNonNull(rule, "rule"), detail, code, onlyThePacket, null);
    }

    /** A refusal that closes the connection (or refuses the CONNECT). */
    public static Refusal closing(AwsIotRule rule, MqttReasonCode code, String detail) {
        return new Refusal(rule, detail, code, false);
    }

    /** A policy's denial: Not authorized (0x87). */
    public static Refusal denied(PolicyDenial denial, boolean onlyThePacket) {
        return new Refusal(null, denial.explanation(), MqttReasonCode.NOT_AUTHORIZED, onlyThePacket, Objects.requireNonNull(denial, "denial"));
    }
}
