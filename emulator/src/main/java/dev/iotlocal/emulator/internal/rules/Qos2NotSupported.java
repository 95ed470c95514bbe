package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;

/**
 * AWS IoT supports QoS 0 and 1 only: a QoS 2 PUBLISH or SUBSCRIBE gets no acknowledgement and the connection is
 * closed (MQTT 5: DISCONNECT 0x9B), a QoS 2 Will is refused at CONNECT (MQTT 5: CONNACK 0x9B), and CONNACK says
 * Maximum QoS 1, which the broker's own setting enforces for publishes it refuses before any hook.
 */
final class Qos2NotSupported extends Rule {

    Qos2NotSupported(AwsIotRules rules) {
        super("qos2Refused", "qos2", "QoS 2 not supported (PUBLISH, SUBSCRIBE, Will)", rules.qos2Refused(),
                builder -> builder.qos2Refused(false), AwsIotRule.QOS_2_NOT_SUPPORTED);
    }

    @Override
    public void configure(BrokerSettings settings) {
        settings.maximumQos(1);
    }

    @Override
    public Refusal connect(Packets.Client client, Packets.Connect connect) {
        return connect.will().filter(will -> will.qos() == 2)
                .map(will -> refusal("CONNECT with a Will of QoS 2 on '" + will.topic() + "'; AWS IoT supports QoS 0 and 1 only"))
                .orElse(null);
    }

    @Override
    public Refusal publish(Packets.Client client, Packets.Publish publish) {
        return publish.qos() == 2
                ? refusal("PUBLISH with QoS 2 to '" + publish.topic() + "'; AWS IoT supports QoS 0 and 1 only and closes the connection")
                : null;
    }

    @Override
    public Refusal filter(Packets.Client client, Packets.Filter filter) {
        return filter.qos() == 2
                ? refusal("SUBSCRIBE with QoS 2 to '" + filter.filter()
                        + "'; AWS IoT supports QoS 0 and 1 only, sends no SUBACK and closes the connection")
                : null;
    }

    @Override
    public Refusal recognise(MqttReasonCode code, String brokerReason) {
        return code == MqttReasonCode.QOS_NOT_SUPPORTED ? refusal("QoS 2; AWS IoT supports QoS 0 and 1 only" + brokerReason) : null;
    }

    private static Refusal refusal(String detail) {
        return Refusal.closing(AwsIotRule.QOS_2_NOT_SUPPORTED, MqttReasonCode.QOS_NOT_SUPPORTED, detail);
    }
}
