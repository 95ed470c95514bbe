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

    /**
     * Whether it surely matches every resource ARN that starts with {@code prefix}: it ends with {@code *} and matches
     * the prefix itself as an ARN, which takes the prefix's five colons, so whatever follows only lengthens the last
     * part, where the final {@code *} takes it. A plain wildcard match of the prefix is not enough: for the prefix
     * {@code arn:aws:iot:us-east-1:123456789012:topic/a:}, {@code arn:aws:iot:*:topic/a:*} matches it plainly (its
     * {@code *} taking a colon) and no resource under it. Sure, not exact: a pattern this says no to may still match
     * them all, and the caller then checks resource by resource.
     */
    boolean matchesEverythingAfter(String prefix) {
        return pattern.endsWith("*") && matches(prefix);
    }

    boolean matches(String resource) {
        if (literalPrefixLength < 0) {
            return Wildcards.arnMatches(pattern, resource);
        }
        return resource.regionMatches(0, pattern, 0, literalPrefixLength)
                && Wildcards.matches(pattern, literalPrefixLength, resource, literalPrefixLength, false);
    }
}
