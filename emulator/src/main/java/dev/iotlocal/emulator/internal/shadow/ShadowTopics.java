package dev.iotlocal.emulator.internal.shadow;

/**
 * The Device Shadow service's request topics: {@code $aws/things/T/shadow/OP} for the classic shadow and
 * {@code $aws/things/T/shadow/name/S/OP} for a named one, OP being {@code get}, {@code update} or {@code delete}.
 * Case-sensitive, as every AWS IoT topic. Stateless.
 */
final class ShadowTopics {

    /** A request topic's parts, names as they are in the topic (not yet checked). */
    record Request(String thingName, String shadowName, String operation) {}

    private ShadowTopics() {}

    /** The request a topic names, or null when it is not a shadow request topic. */
    static Request parse(String topic) {
        if (!topic.startsWith("$aws/things/")) {
            return null;
        }
        String[] levels = topic.split("/", -1);
        if (levels.length == 5 && levels[3].equals("shadow") && operation(levels[4])) {
            return new Request(levels[2], "", levels[4]);
        }
        if (levels.length == 7 && levels[3].equals("shadow") && levels[4].equals("name") && operation(levels[6])) {
            return new Request(levels[2], levels[5], levels[6]);
        }
        return null;
    }

    private static boolean operation(String level) {
        return level.equals("get") || level.equals("update") || level.equals("delete");
    }
}
