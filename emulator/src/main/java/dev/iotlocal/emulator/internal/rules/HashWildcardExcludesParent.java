package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.rules.AwsIotRules;

/**
 * In AWS IoT {@code a/#} does not match {@code a}; in MQTT it does, and {@code a/+/#} is the MQTT filter that matches
 * exactly what AWS's {@code a/#} matches. So the broker is handed {@code a/+/#} for {@code a/#} (in SUBSCRIBE and
 * UNSUBSCRIBE alike) while everything the client and the journal see keeps {@code a/#}: nothing per message.
 */
final class HashWildcardExcludesParent extends Rule {

    HashWildcardExcludesParent(AwsIotRules rules) {
        super("hashWildcardExcludesParent", "hash_wildcard", "'a/#' does not match 'a'", rules.hashWildcardExcludesParent(),
                builder -> builder.hashWildcardExcludesParent(false));
    }

    @Override
    public String brokerFilter(String clientFilter) {
        return clientFilter.endsWith("/#") ? clientFilter.substring(0, clientFilter.length() - 1) + "+/#" : clientFilter;
    }

    @Override
    public String clientFilter(String brokerFilter) {
        return brokerFilter.endsWith("/+/#") ? brokerFilter.substring(0, brokerFilter.length() - "+/#".length()) + "#" : brokerFilter;
    }
}
