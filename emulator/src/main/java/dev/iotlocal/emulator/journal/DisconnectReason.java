package dev.iotlocal.emulator.journal;

/** The {@code disconnectReason} values of AWS IoT's {@code disconnected} lifecycle event. */
public enum DisconnectReason {
    /** Authentication or authorization failed on a connection that was active. */
    AUTH_ERROR,
    /** The client sent DISCONNECT or closed the WebSocket. */
    CLIENT_INITIATED_DISCONNECT,
    /** The client misbehaved: broke an AWS IoT rule, sent a second CONNECT, or a payload over the limit. */
    CLIENT_ERROR,
    /** The connection was cut without a DISCONNECT. */
    CONNECTION_LOST,
    /** Another client connected with the same client id and this one was dropped. */
    DUPLICATE_CLIENTID,
    /** The client is not allowed to be connected. */
    FORBIDDEN_ACCESS,
    /** The client was silent for 1.5 times its keep-alive. */
    MQTT_KEEP_ALIVE_TIMEOUT,
    /** An unexpected problem in the server. */
    SERVER_ERROR,
    /** The server disconnected the client for operational reasons (for example on shutdown). */
    SERVER_INITIATED_DISCONNECT,
    /** The {@code DeleteConnection} API disconnected the client. */
    API_INITIATED_DISCONNECT,
    /** The client exceeded a throttling limit. */
    THROTTLED,
    /** The WebSocket connection outlived its time to live (24 hours in AWS IoT). */
    WEBSOCKET_TTL_EXPIRATION,
    /** The custom authorizer's time to live ran out. */
    CUSTOMAUTH_TTL_EXPIRATION
}
