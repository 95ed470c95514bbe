package dev.iotlocal.emulator.rules;

import dev.iotlocal.emulator.internal.topic.Topics;

/** MQTT topic filter matching as AWS IoT does it, for code and tests that need the broker's own answer. */
public final class TopicFilter {

    private TopicFilter() {}

    /**
     * Whether the filter matches the topic as AWS IoT matches: {@code +} and {@code #} as in MQTT, except that
     * {@code a/#} does not match {@code a}; shared subscriptions ({@code $share/<group>/...}) match by their filter.
     */
    public static boolean matches(String filter, String topic) {
        return Topics.matches(filter, topic, false);
    }
}
