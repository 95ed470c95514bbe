package dev.iotlocal.emulator.internal.topic;

import java.nio.charset.StandardCharsets;

/**
 * The one topic matcher and the topic arithmetic AWS IoT's limits need. Works on the strings without
 * splitting them, because it runs for every delivery.
 */
public final class Topics {

    private static final String SHARE_PREFIX = "$share/";
    private static final String BASIC_INGEST_PREFIX = "$aws/rules/";

    private Topics() {}

    /**
     * Whether a topic filter matches a topic name.
     *
     * @param hashMatchesParent whether {@code a/#} matches {@code a}: true in the MQTT specification, false in AWS IoT
     */
    public static boolean matches(String filter, String topic, boolean hashMatchesParent) {
        String plainFilter = withoutSharePrefix(filter);
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !plainFilter.isEmpty()
                && (plainFilter.charAt(0) == '#' || plainFilter.charAt(0) == '+')) {
            return false; // MQTT: wildcards at the first level never match $ topics
        }
        int filterLength = plainFilter.length();
        int topicLength = topic.length();
        int f = 0;
        int t = 0;
        while (true) {
            int filterEnd = levelEnd(plainFilter, f);
            if (filterEnd - f == 1 && plainFilter.charAt(f) == '#') {
                return t <= topicLength || hashMatchesParent;
            }
            if (t > topicLength) {
                return false;
            }
            int topicEnd = levelEnd(topic, t);
            boolean singleLevelWildcard = filterEnd - f == 1 && plainFilter.charAt(f) == '+';
            if (!singleLevelWildcard
                    && (filterEnd - f != topicEnd - t || !plainFilter.regionMatches(f, topic, t, filterEnd - f))) {
                return false;
            }
            f = filterEnd + 1;
            t = topicEnd + 1;
            if (f > filterLength) {
                return t > topicLength;
            }
        }
    }

    /** Whether the filter is a shared subscription, {@code $share/<group>/<filter>}. */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /** The filter of a shared subscription without {@code $share/<group>/}; other filters unchanged. */
    public static String withoutSharePrefix(String filter) {
        if (!isShared(filter)) {
            return filter;
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        return groupEnd < 0 ? "" : filter.substring(groupEnd + 1);
    }

    /** The share name of a shared subscription, or the empty string. */
    public static String shareName(String filter) {
        if (!isShared(filter)) {
            return "";
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        return groupEnd < 0 ? filter.substring(SHARE_PREFIX.length()) : filter.substring(SHARE_PREFIX.length(), groupEnd);
    }

    /**
     * A topic or filter without the parts AWS IoT does not count against its limits: the Basic Ingest
     * prefix {@code $aws/rules/<rule>/} and a shared subscription's {@code $share/<group>/}.
     */
    public static String countedPart(String topicOrFilter) {
        String plain = withoutSharePrefix(topicOrFilter);
        if (plain.startsWith(BASIC_INGEST_PREFIX)) {
            int ruleEnd = plain.indexOf('/', BASIC_INGEST_PREFIX.length());
            return ruleEnd < 0 ? "" : plain.substring(ruleEnd + 1);
        }
        return plain;
    }

    /** The number of slashes AWS IoT counts against its 7-slash limit. */
    public static int countedSlashes(String topicOrFilter) {
        String counted = countedPart(topicOrFilter);
        int slashes = 0;
        for (int i = 0; i < counted.length(); i++) {
            if (counted.charAt(i) == '/') {
                slashes++;
            }
        }
        return slashes;
    }

    /** The number of UTF-8 bytes AWS IoT counts against its 256-byte topic limit. */
    public static int countedBytes(String topic) {
        return utf8Length(countedPart(topic));
    }

    public static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }


    private static int levelEnd(String text, int start) {
        int slash = text.indexOf('/', start);
        return slash < 0 ? text.length() : slash;
    }
}
