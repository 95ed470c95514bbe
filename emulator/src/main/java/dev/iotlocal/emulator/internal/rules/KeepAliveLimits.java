package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRules;

/**
 * AWS IoT clamps the CONNECT keep-alive to 30..1200 s (0 means 1200) and disconnects a client silent for 1.5 times
 * that. The maximum (and 0 meaning it) is the broker's own setting, which also tells MQTT 5 clients in CONNACK; a
 * keep-alive below the minimum is raised here.
 */
final class KeepAliveLimits extends Rule {

    private final int minimumSeconds;

    KeepAliveLimits(AwsIotRules rules) {
        super("keepAliveLimits", "keep_alive", "Keep-alive 30..1200 s (0 = 1200); a client silent for 1.5 times it is disconnected",
                rules.keepAliveLimits(), builder -> builder.keepAliveLimits(false));
        this.minimumSeconds = (int) rules.minimumKeepAlive().toSeconds();
    }

    @Override
    public void configure(BrokerSettings settings) {
        settings.maximumKeepAliveSeconds((int) AwsIotRules.MAXIMUM_KEEP_ALIVE.toSeconds());
    }

    @Override
    public int keepAlive(int requestedSeconds) {
        return requestedSeconds > 0 && requestedSeconds < minimumSeconds ? minimumSeconds : requestedSeconds;
    }
}
