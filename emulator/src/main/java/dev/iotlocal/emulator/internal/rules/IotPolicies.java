package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.Set;

/**
 * AWS IoT's authorization: the principal's policies are evaluated for every CONNECT (with its Will), every PUBLISH
 * (with RETAIN, {@code iot:RetainPublish} too), every SUBSCRIBE filter and every delivery. A denied CONNECT is refused
 * (MQTT 5: CONNACK 0x87); a denied PUBLISH or SUBSCRIBE filter closes an MQTT 3.1.1 connection, and an MQTT 5 client
 * gets 0x87 in its PUBACK (a QoS 0 message is dropped) or in the SUBACK for that filter and stays connected; a denied
 * delivery is silently not sent. The evaluation itself is
 * the {@link dev.iotlocal.emulator.internal.policy.PolicyEvaluator}'s, reached through the client's authorization.
 */
final class IotPolicies extends Rule {

    IotPolicies(AwsIotRules settings) {
        super("policyEvaluation", "policies",
                "evaluates the principal's IoT policies on every CONNECT, PUBLISH, SUBSCRIBE filter and delivery; a denial refuses the "
                        + "CONNECT, closes an MQTT 3.1.1 connection (MQTT 5: 0x87 in the PUBACK or SUBACK), or withholds the delivery",
                settings.policyEvaluation(), rules -> rules.policyEvaluation(false));
    }

    @Override
    public Refusal connect(Packets.Client client, Packets.Connect connect) {
        return client.authorization() == null ? null : refusal(client.authorization().connect(), false);
    }

    @Override
    public Refusal publish(Packets.Client client, Packets.Publish publish) {
        return client.authorization() == null ? null
                : refusal(client.authorization().publish(publish.topic(), publish.retain()), true);
    }

    @Override
    public Refusal filter(Packets.Client client, Packets.Filter filter) {
        return client.authorization() == null ? null : refusal(client.authorization().subscribe(filter.filter()), true);
    }

    @Override
    public boolean checksDeliveriesTo(Packets.Client client, Set<String> sessionSubscriptions) {
        return client.authorization() != null && !client.authorization().receivesEverythingFrom(sessionSubscriptions);
    }

    @Override
    public boolean refusesPublishesAloneTo(Packets.Client client) {
        return client.mqtt5() && client.authorization() != null && !client.authorization().publishesEverything();
    }

    @Override
    public Refusal receive(Packets.Client client, Packets.Delivery delivery) {
        return client.authorization() == null ? null : refusal(client.authorization().receive(delivery.topic()), true);
    }

    private static Refusal refusal(PolicyDenial denial, boolean onlyThePacket) {
        return denial == null ? null : Refusal.denied(denial, onlyThePacket);
    }
}
