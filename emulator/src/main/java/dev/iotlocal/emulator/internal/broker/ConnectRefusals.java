package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import dev.iotlocal.emulator.rules.AwsIotRule;

/** Hands a CONNECT refusal from the CONNECT interceptor to the authenticator through the connection's attributes. */
final class ConnectRefusals {

    private static final String ATTRIBUTE = "iotlocal.connectRefusal";

    private ConnectRefusals() {}

    static void hand(ConnectionAttributeStore attributes, Refusal refusal) {
        attributes.putAsString(ATTRIBUTE, refusal.rule().name() + "\n" + refusal.disconnectReasonCode().name() + "\n" + refusal.detail());
    }

    /** The refusal handed over for this connection, or null; taken out of the store. */
    static Refusal take(ConnectionAttributeStore attributes) {
        String handed = attributes.getAsString(ATTRIBUTE).orElse(null);
        if (handed == null) {
            return null;
        }
        attributes.remove(ATTRIBUTE);
        String[] parts = handed.split("\n", 3);
        return new Refusal(AwsIotRule.valueOf(parts[0]), parts[2], DisconnectReasonCode.valueOf(parts[1]));
    }
}
