package dev.iotlocal.emulator.internal.topic;

import java.util.ArrayList;
import java.util.List;

/**
 * AWS IoT's reserved topics and the operation each allows, from the "Reserved topics" page of the AWS IoT
 * developer guide. A {@code *} level stands for one level of any value ({@code thingName}, {@code jobId},
 * ...), a final {@code **} for any number of further levels.
 */
public final class ReservedTopics {

    private static final List<String[]> PUBLISH = expand(List.of(
            "$aws/rules/*/**",
            "$aws/things/*/shadow/{get|update|delete}",
            "$aws/things/*/shadow/name/*/{get|update|delete}",
            "$aws/things/*/jobs/{get|start-next}",
            "$aws/things/*/jobs/*/{get|update}",
            "$aws/things/*/defender/metrics/{json|cbor}",
            "$aws/things/*/streams/*/{get|describe}/{json|cbor}",
            "$aws/certificates/{create|create-from-csr}/{json|cbor}",
            "$aws/provisioning-templates/*/provision/{json|cbor}",
            "$aws/device_location/*/get_position_estimate"));

    private static final List<String[]> SUBSCRIBE = expand(List.of(
            "$aws/events/**",
            "$aws/things/*/shadow/{get|update|delete}",
            "$aws/things/*/shadow/name/*/{get|update|delete}",
            "$aws/things/*/shadow/{get|update|delete}/{accepted|rejected}",
            "$aws/things/*/shadow/update/{delta|documents}",
            "$aws/things/*/shadow/name/*/{get|update|delete}/{accepted|rejected}",
            "$aws/things/*/shadow/name/*/update/{delta|documents}",
            "$aws/things/*/jobs/{notify|notify-next}",
            "$aws/things/*/jobs/{get|start-next}/{accepted|rejected}",
            "$aws/things/*/jobs/*/{get|update}/{accepted|rejected}",
            "$aws/things/*/defender/metrics/{json|cbor}/{accepted|rejected}",
            "$aws/things/*/streams/*/{data|description|rejected}/{json|cbor}",
            "$aws/things/*/tunnels/notify",
            "$aws/certificates/{create|create-from-csr}/{json|cbor}/{accepted|rejected}",
            "$aws/provisioning-templates/*/provision/{json|cbor}/{accepted|rejected}",
            "$aws/device_location/*/get_position_estimate/{accepted|rejected}",
            "$aws/sitewise/asset-models/*/assets/*/properties/*"));

    private ReservedTopics() {}

    /** Whether a topic is reserved: it starts with {@code $}. */
    public static boolean isReserved(String topicOrFilter) {
        return !topicOrFilter.isEmpty() && topicOrFilter.charAt(0) == '$';
    }

    /** Whether AWS IoT lets a client publish to this reserved topic. */
    public static boolean publishAllowed(String topic) {
        String[] levels = topic.split("/", -1);
        for (String[] pattern : PUBLISH) {
            if (matches(pattern, levels)) {
                return true;
            }
        }
        return false;
    }

    /** Whether AWS IoT lets a client subscribe with this filter: it can match a topic clients may receive. */
    public static boolean subscribeAllowed(String filter) {
        String[] levels = Topics.withoutSharePrefix(filter).split("/", -1);
        for (String[] pattern : SUBSCRIBE) {
            if (overlaps(levels, pattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] pattern, String[] topic) {
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("**")) {
                return true;
            }
            if (i >= topic.length || !(pattern[i].equals("*") ? !topic[i].isEmpty() : pattern[i].equals(topic[i]))) {
                return false;
            }
        }
        return pattern.length == topic.length;
    }

    private static boolean overlaps(String[] filter, String[] pattern) {
        int i = 0;
        for (; i < filter.length && i < pattern.length; i++) {
            if (filter[i].equals("#") || pattern[i].equals("**")) {
                return true;
            }
            if (!filter[i].equals("+") && !pattern[i].equals("*") && !filter[i].equals(pattern[i])) {
                return false;
            }
        }
        return filter.length == pattern.length
                || (i < pattern.length && pattern[i].equals("**"))
                || (i < filter.length && filter[i].equals("#"));
    }

    /** Turns {@code a/{b|c}} into {@code a/b} and {@code a/c}, split into levels. */
    private static List<String[]> expand(List<String> patterns) {
        List<String[]> expanded = new ArrayList<>();
        for (String pattern : patterns) {
            expandInto(pattern, expanded);
        }
        return List.copyOf(expanded);
    }

    private static void expandInto(String pattern, List<String[]> out) {
        int open = pattern.indexOf('{');
        if (open < 0) {
            out.add(pattern.split("/", -1));
            return;
        }
        int close = pattern.indexOf('}', open);
        for (String alternative : pattern.substring(open + 1, close).split("\\|")) {
            expandInto(pattern.substring(0, open) + alternative + pattern.substring(close + 1), out);
        }
    }
}
