package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.internal.topic.Topics;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;

/**
 * AWS IoT refuses client ids over 128 UTF-8 bytes and client ids that start with {@code $} (reserved for ids it
 * generates): MQTT 5 gets CONNACK 0x85, MQTT 3.1.1 a closed connection without CONNACK.
 */
final class ClientIdLimits extends Rule {

    ClientIdLimits(AwsIotRules rules) {
        super("clientIdLimits", "client_ids", "Client ids: unique, at most 128 UTF-8 bytes, no leading '$'", rules.clientIdLimits(),
                builder -> builder.clientIdLimits(false), AwsIotRule.CLIENT_ID_INVALID);
    }

    @Override
    public Refusal connect(Packets.Client client, Packets.Connect connect) {
        String clientId = client.clientId();
        int bytes = Topics.utf8Length(clientId);
        if (bytes > AwsIotRules.MAXIMUM_CLIENT_ID_BYTES) {
            return refusal("client id is " + bytes + " bytes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_CLIENT_ID_BYTES);
        }
        if (clientId.startsWith("$")) {
            return refusal("client id '" + clientId + "' starts with '$', which AWS IoT reserves for ids it generates");
        }
        return null;
    }

    private static Refusal refusal(String detail) {
        return Refusal.closing(AwsIotRule.CLIENT_ID_INVALID, MqttReasonCode.CLIENT_IDENTIFIER_NOT_VALID, detail);
    }
}
