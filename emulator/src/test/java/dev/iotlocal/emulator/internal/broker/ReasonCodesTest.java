package dev.iotlocal.emulator.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.iotlocal.emulator.internal.rules.MqttReasonCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every code a check or fault can produce reaches the client in whichever packet carries it, as the same code where
 * that packet has it and as Unspecified error where it has not. (CONNACK once took the DISCONNECT code's name and
 * threw for a code without a CONNACK twin, such as Topic Filter Invalid.)
 */
class ReasonCodesTest {

    @ParameterizedTest
    @EnumSource(MqttReasonCode.class)
    void eachCodeBecomesItsTwinInEveryPacketOrUnspecifiedError(MqttReasonCode code) {
        assertThat(ReasonCodes.connack(code)).isEqualTo(twinOrUnspecified(ConnackReasonCode.class, code, ConnackReasonCode.UNSPECIFIED_ERROR));
        assertThat(ReasonCodes.suback(code)).isEqualTo(twinOrUnspecified(SubackReasonCode.class, code, SubackReasonCode.UNSPECIFIED_ERROR));
        if (code != MqttReasonCode.CLIENT_IDENTIFIER_NOT_VALID) { // a CONNACK-only code
            assertThat(ReasonCodes.disconnect(code)).isEqualTo(DisconnectReasonCode.valueOf(code.name()));
        }
    }

    @Test
    void aCodeNoCONNACKCarriesBecomesUnspecifiedError() {
        assertThat(ReasonCodes.connack(MqttReasonCode.TOPIC_FILTER_INVALID)).isEqualTo(ConnackReasonCode.UNSPECIFIED_ERROR);
    }

    private static <E extends Enum<E>> E twinOrUnspecified(Class<E> type, MqttReasonCode code, E unspecified) {
        return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(code.name())).findFirst().orElse(unspecified);
    }
}
