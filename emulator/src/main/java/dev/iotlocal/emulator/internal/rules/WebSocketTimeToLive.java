package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRules;
import java.time.Duration;
import java.util.Optional;

/**
 * AWS IoT closes a WebSocket connection once it has lasted 24 hours (lifecycle reason
 * {@code WEBSOCKET_TTL_EXPIRATION}). The WSS door closes it; the connection's context carries when, so that the
 * broker's lifecycle event names the reason.
 */
public final class WebSocketTimeToLive extends Rule {

    WebSocketTimeToLive(AwsIotRules rules) {
        super("webSocketTimeToLiveLimit", "websocket_ttl", "WSS connections last at most 24 hours (webSocketTimeToLive)",
                rules.webSocketTimeToLiveLimit(), builder -> builder.webSocketTimeToLiveLimit(false));
    }

    /** How long a WebSocket connection may last under these rules; empty for as long as the client wants. */
    public static Optional<Duration> timeToLive(AwsIotRules rules) {
        return rules.webSocketTimeToLiveLimit() ? Optional.of(rules.webSocketTimeToLive()) : Optional.empty();
    }
}
