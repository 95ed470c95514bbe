package dev.iotlocal.emulator.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prefix every topic of a subscription starts with, which decides whether its deliveries need checking one by one. */
class TopicFilterPrefixTest {

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(value = {
            "dt/thermostat/temp | dt/thermostat/temp",
            "dt/+/temp | dt/",
            "dt/# | dt",
            "# | ''",
            "+ | ''",
            "a/b+ | a/b",
            "$share/group/dt/# | dt",
            "$aws/events/presence/connected/+ | $aws/events/presence/connected/"}, delimiter = '|')
    void everyTopicAFilterMatchesStartsWithItsTextBeforeTheFirstWildcard(String filter, String prefix) {
        assertThat(ConnectionAuthorization.literalPrefix(filter)).isEqualTo(prefix);
    }
}
