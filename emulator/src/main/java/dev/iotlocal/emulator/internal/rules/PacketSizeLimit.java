package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.OptionalInt;

/**
 * AWS IoT refuses packets over 128 KiB: the connection is closed (MQTT 5: DISCONNECT 0x95), and MQTT 5 CONNACK says
 * Maximum Packet Size 131072. The broker's own setting enforces it; the WSS door applies the same bound to the
 * CONNECT it reads.
 */
public final class PacketSizeLimit extends Rule {

    PacketSizeLimit(AwsIotRules rules) {
        super("packetSizeLimit", "packet_size", "Packets of at most 128 KiB", rules.packetSizeLimit(),
                builder -> builder.packetSizeLimit(false), AwsIotRule.PACKET_TOO_LARGE);
    }

    /** The largest packet a client may send under these rules, or empty for no bound of AWS IoT's. */
    public static OptionalInt maximumPacketBytes(AwsIotRules rules) {
        return rules.packetSizeLimit() ? OptionalInt.of(AwsIotRules.MAXIMUM_PACKET_SIZE) : OptionalInt.empty();
    }

    @Override
    public void configure(BrokerSettings settings) {
        settings.maximumPacketSize(AwsIotRules.MAXIMUM_PACKET_SIZE);
    }

    @Override
    public Refusal recognise(MqttReasonCode code, String brokerReason) {
        return code == MqttReasonCode.PACKET_TOO_LARGE ? tooLarge("packet", brokerReason) : null;
    }

    /**
     * The refusal of a packet over the limit.
     *
     * @param what     names the packet ("packet", "CONNECT of 131073 bytes")
     * @param because  what the broker or door said, in parentheses, or nothing
     */
    public static Refusal tooLarge(String what, String because) {
        return Refusal.closing(AwsIotRule.PACKET_TOO_LARGE, MqttReasonCode.PACKET_TOO_LARGE,
                what + " larger than AWS IoT's maximum of " + AwsIotRules.MAXIMUM_PACKET_SIZE + " bytes" + because);
    }
}
