package dev.iotlocal.emulator.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The service model's constraints on request members, worded as AWS words its validation errors. */
class ModelConstraintsTest {

    @Test
    void tagsWithinTheModelsBoundsAreKeptInTheirOrder() {
        Map<String, String> tags = ModelConstraints.tags(List.of(Map.entry("team", "edge"), Map.entry("k".repeat(128), "v".repeat(256))));

        assertThat(tags).containsExactly(Map.entry("team", "edge"), Map.entry("k".repeat(128), "v".repeat(256)));
    }

    @Test
    void moreThanFiftyTagsAreAnInvalidRequest() {
        List<Map.Entry<String, String>> tags = IntStream.rangeClosed(1, 51).mapToObj(i -> Map.entry("key-" + i, "")).toList();

        assertThat(refusal(() -> ModelConstraints.tags(tags))).isEqualTo("1 validation error detected: Value at 'tags' failed to "
                + "satisfy constraint: Member must have length less than or equal to 50");
    }

    @Test
    void aTagKeyLongerThan128IsAnInvalidRequestNamingItsPlace() {
        List<Map.Entry<String, String>> tags = List.of(Map.entry("fine", ""), Map.entry("k".repeat(129), ""));

        assertThat(refusal(() -> ModelConstraints.tags(tags))).isEqualTo("1 validation error detected: Value '" + "k".repeat(129)
                + "' at 'tags.2.member.Key' failed to satisfy constraint: Member must have length less than or equal to 128");
    }

    @Test
    void anEmptyTagKeyIsAnInvalidRequest() {
        assertThat(refusal(() -> ModelConstraints.tags(List.of(Map.entry("", "value"))))).isEqualTo("1 validation error detected: "
                + "Value '' at 'tags.1.member.Key' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void aTagValueLongerThan256IsAnInvalidRequest() {
        assertThat(refusal(() -> ModelConstraints.tags(List.of(Map.entry("blob", "v".repeat(257)))))).endsWith(
                "at 'tags.1.member.Value' failed to satisfy constraint: Member must have length less than or equal to 256");
    }

    @Test
    void aValueQuotedInAValidationErrorIsPrintableAndCutShort() {
        RegistryError error = ModelConstraints.violation("line\r\nforged" + "x".repeat(300), "thingName", "Member must be short");

        assertThat(error.getMessage()).isEqualTo("1 validation error detected: Value 'line??forged" + "x".repeat(188)
                + "...' at 'thingName' failed to satisfy constraint: Member must be short");
    }

    private static String refusal(Runnable check) {
        RegistryError refused = catchThrowableOfType(RegistryError.class, check::run);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        return refused.getMessage();
    }
}
