package dev.iotlocal.emulator.internal.policy;

/**
 * A resource entry of a statement with its variables filled in, ready to match ARNs: most name their partition,
 * service, region and account without wildcards, and those compare that prefix as a string before the wildcard
 * match of the rest. Immutable.
 */
record ResourcePattern(String pattern, int literalPrefixLength) {

    static ResourcePattern of(String pattern) {
        int at = 0;
        for (int part = 0; part < 5 && at >= 0; part++) {
            int colon = pattern.indexOf(':', at);
            at = colon < 0 ? -1 : colon + 1;
        }
        boolean literal = at > 0;
        for (int i = 0; literal && i < at; i++) {
            char c = pattern.charAt(i);
            literal = c != '*' && c != '?' && c != Wildcards.LITERAL_STAR && c != Wildcards.LITERAL_QUESTION_MARK;
        }
        return new ResourcePattern(pattern, literal ? at : -1);
    }

    boolean matches(String resource) {
        if (literalPrefixLength < 0) {
            return Wildcards.arnMatches(pattern, resource);
        }
        return resource.regionMatches(0, pattern, 0, literalPrefixLength)
                && Wildcards.matches(pattern, literalPrefixLength, resource, literalPrefixLength, false);
    }
}
