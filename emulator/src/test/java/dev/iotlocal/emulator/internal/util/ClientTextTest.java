package dev.iotlocal.emulator.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void lineBreaksAndOtherNonPrintableCharactersCannotForgeALogLine() {
        assertThat(ClientText.printable("/things\n12:00:00 INFO forged\u0000é", 100)).isEqualTo("/things?12:00:00 INFO forged??");
    }

    @Test
    void longTextIsCutAtTheLimit() {
        assertThat(ClientText.printable("x".repeat(70), 64)).isEqualTo("x".repeat(64) + "...");
        assertThat(ClientText.printable("short", 64)).isEqualTo("short");
    }
}
