package dev.iotlocal.emulator.internal.gateway;

/** The emulator's front doors: how a connection came in. */
public enum Door {
    /** MQTT over mutual TLS with a device certificate (AWS IoT's port 8883). */
    MUTUAL_TLS,
    /** MQTT over WebSocket, the upgrade signed with SigV4 (AWS IoT's port 443). */
    WEBSOCKET,
    /** The plain-TCP debugging listener, which proves nothing; AWS IoT has no such door. */
    PLAIN_TCP
}
