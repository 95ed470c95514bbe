package dev.iotlocal.emulator.rules;

/** Which rules the broker applies to PUBLISH packets with the RETAIN flag. */
public enum RetainedMessages {
    /**
     * The default: retained messages are not supported. A PUBLISH with RETAIN=1 closes the connection
     * (MQTT 5: DISCONNECT 0x9A) and CONNACK says Retain Available = 0. This is what AWS IoT did until
     * September 2021, and what teams that must not depend on retained messages ask for.
     */
    NOT_SUPPORTED,
    /**
     * Today's AWS IoT rules: one retained message per topic, an empty payload deletes it, it is delivered on
     * subscribe only to a filter that equals the topic exactly (never to a wildcard or shared subscription),
     * with RETAIN=1 on that copy and RETAIN=0 on live copies, and never on reserved topics.
     */
    AWS,
    /** Plain MQTT: retained messages as the MQTT specification describes them, wildcards included. */
    MQTT
}
