package dev.iotlocal.emulator.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

    @ParameterizedTest(name = "{0} ~ {1}: spec {2}, AWS {3}")
    @CsvSource({
            // filter, topic, MQTT spec, AWS IoT
            "sensor/#,            sensor,                   true,  false",
            "sensor/#,            sensor/,                  true,  true",
            "sensor/#,            sensor/temperature,       true,  true",
            "sensor/#,            sensor/temperature/room1, true,  true",
            "sensor/+/room1,      sensor/temperature/room1, true,  true",
            "sensor/+/room1,      sensor/temperature/room2, false, false",
            "sensor/+,            sensor/,                  true,  true",
            "sensor/+,            sensor,                   false, false",
            "+/+,                 /finance,                 true,  true",
            "#,                   a/b/c,                    true,  true",
            "#,                   $SYS/broker,              false, false",
            "+/broker,            $SYS/broker,              false, false",
            "$SYS/#,              $SYS/broker,              true,  true",
            "a/b,                 a/b,                      true,  true",
            "a/b,                 a/b/c,                    false, false",
            "a/b/c,               a/b,                      false, false",
            "A/b,                 a/b,                      false, false",
            "$share/group/a/#,    a/b,                      true,  true",
            "$share/group/a/#,    a,                        true,  false",
    })
    void matchesLikeTheSpecificationAndLikeAwsIot(String filter, String topic, boolean specification, boolean awsIot) {
        assertThat(Topics.matches(filter, topic, true)).isEqualTo(specification);
        assertThat(Topics.matches(filter, topic, false)).isEqualTo(awsIot);
    }

    @ParameterizedTest
    @CsvSource({
            "a/b/c,                          2",
            "$aws/rules/rule/a/b,            1",
            "$aws/rules/rule,                0",
            "$share/group/a/b/c,             2",
            "$aws/things/t/shadow/update,    4",
    })
    void countsTheSlashesAwsIotCounts(String topic, int slashes) {
        assertThat(Topics.countedSlashes(topic)).isEqualTo(slashes);
    }

    @ParameterizedTest
    @CsvSource({"é/é, 5", "$aws/rules/rule/abc, 3"})
    void countsUtf8BytesWithoutTheBasicIngestPrefix(String topic, int bytes) {
        assertThat(Topics.countedBytes(topic)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"$share/g/a/b, g, a/b", "$share/g, g, ''", "a/b, '', a/b"})
    void splitsSharedSubscriptions(String filter, String shareName, String plainFilter) {
        assertThat(Topics.shareName(filter)).isEqualTo(shareName);
        assertThat(Topics.withoutSharePrefix(filter)).isEqualTo(plainFilter);
    }
}
