package dev.iotlocal.emulator.internal.shadow;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which shadow: a thing name and a shadow name, the empty string for the classic shadow. Names are checked as the
 * iot-data model constrains them (thing: 1-128 of {@code [a-zA-Z0-9:_-]}; shadow: 1-64 of {@code [$a-zA-Z0-9:_-]}).
 * Immutable.
 */
public record ShadowKey(String thingName, String shadowName) implements Comparable<ShadowKey> {

    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern SHADOW_NAME = Pattern.compile("[$a-zA-Z0-9:_-]{1,64}");

    public ShadowKey {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(shadowName, "shadowName");
    }

    /**
     * A checked key.
     *
     * @throws ShadowRejection 400 when a name is not one AWS IoT accepts
     */
    public static ShadowKey of(String thingName, String shadowName) {
        if (!THING_NAME.matcher(thingName).matches()) {
            throw new ShadowRejection(400, "Invalid thing name", thingName.isEmpty() ? "The thing name is empty"
                    : "A thing name is 1 to 128 of the characters a-z A-Z 0-9 : _ -");
        }
        if (!shadowName.isEmpty() && !SHADOW_NAME.matcher(shadowName).matches()) {
            throw new ShadowRejection(400, "Invalid shadow name", "A shadow name is 1 to 64 of the characters $ a-z A-Z 0-9 : _ -");
        }
        return new ShadowKey(thingName, shadowName);
    }

    public boolean classic() {
        return shadowName.isEmpty();
    }

    /** The topic prefix of this shadow: {@code $aws/things/T/shadow} or {@code $aws/things/T/shadow/name/S}. */
    public String topicPrefix() {
        return "$aws/things/" + thingName + "/shadow" + (classic() ? "" : "/name/" + shadowName);
    }

    /** The name AWS IoT puts in its 404 message: the thing's for the classic shadow, else the shadow's. */
    String nameInMessages() {
        return classic() ? thingName : shadowName;
    }

    @Override
    public int compareTo(ShadowKey other) {
        int byThing = thingName.compareTo(other.thingName);
        return byThing != 0 ? byThing : shadowName.compareTo(other.shadowName);
    }

    @Override
    public String toString() {
        return classic() ? "the classic shadow of '" + thingName + "'" : "shadow '" + shadowName + "' of '" + thingName + "'";
    }
}
