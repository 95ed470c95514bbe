package dev.iotlocal.emulator.internal.policy;

/**
 * IAM's wildcard matching as AWS IoT applies it to actions, resources and {@code StringLike} conditions: {@code *}
 * matches any run of characters, {@code /} included, and {@code ?} exactly one; MQTT's {@code +} and {@code #} are
 * ordinary characters. A pattern may also hold {@link #LITERAL_STAR} and {@link #LITERAL_QUESTION_MARK}, which a
 * policy writes as {@code ${*}} and {@code ${?}} and which match only a {@code *} or {@code ?} in the text, as do the
 * values of policy variables (see {@link Template#literal}). Stateless.
 */
final class Wildcards {

    /** A {@code *} that matches only itself; a private-use character no MQTT client sends in a topic it is allowed. */
    static final char LITERAL_STAR = '\uE000';
    /** A {@code ?} that matches only itself. */
    static final char LITERAL_QUESTION_MARK = '\uE001';

    private Wildcards() {}

    /** Whether {@code pattern} matches all of {@code text}, case-sensitively. */
    static boolean matches(String pattern, String text) {
        return matches(pattern, text, false);
    }

    /**
     * Whether {@code pattern} matches all of {@code text}. Linear in practice: the classic greedy matcher that backs
     * up to the last {@code *} only, so no pattern can make it exponential.
     */
    static boolean matches(String pattern, String text, boolean ignoreCase) {
        return matches(pattern, 0, text, 0, ignoreCase);
    }

    /** Whether {@code pattern} from {@code patternFrom} on matches {@code text} from {@code textFrom} on. */
    static boolean matches(String pattern, int patternFrom, String text, int textFrom, boolean ignoreCase) {
        int p = patternFrom;
        int t = textFrom;
        int starAt = -1;
        int resumeAt = 0;
        int patternLength = pattern.length();
        int textLength = text.length();
        while (t < textLength) {
            if (p < patternLength) {
                char wanted = pattern.charAt(p);
                if (wanted == '*') {
                    starAt = p++;
                    resumeAt = t;
                    continue;
                }
                if (wanted == '?' || same(wanted, text.charAt(t), ignoreCase)) {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starAt < 0) {
                return false;
            }
            p = starAt + 1;
            t = ++resumeAt;
        }
        while (p < patternLength && pattern.charAt(p) == '*') {
            p++;
        }
        return p == patternLength;
    }

    /**
     * Whether a resource pattern of a policy matches a resource ARN. {@code *} alone matches everything; otherwise
     * the ARN's first five parts ({@code arn:partition:service:region:account:}) are matched one by one, so a
     * wildcard in one never takes a colon, and everything after the account is one part (topic names may hold
     * colons), as IAM matches ARNs.
     */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        int patternAt = 0;
        int arnAt = 0;
        for (int part = 0; part < 5; part++) {
            int patternColon = pattern.indexOf(':', patternAt);
            int arnColon = arn.indexOf(':', arnAt);
            if (patternColon < 0 || arnColon < 0) {
                return false;
            }
            if (!matches(pattern.substring(patternAt, patternColon), arn.substring(arnAt, arnColon))) {
                return false;
            }
            patternAt = patternColon + 1;
            arnAt = arnColon + 1;
        }
        return matches(pattern.substring(patternAt), arn.substring(arnAt));
    }

    /** The pattern that matches exactly {@code text}: its {@code *} and {@code ?} made literal. */
    static String literal(String text) {
        if (text.indexOf('*') < 0 && text.indexOf('?') < 0) {
            return text;
        }
        return text.replace('*', LITERAL_STAR).replace('?', LITERAL_QUESTION_MARK);
    }

    private static boolean same(char wanted, char actual, boolean ignoreCase) {
        if (wanted == actual) {
            return true;
        }
        if (wanted == LITERAL_STAR) {
            return actual == '*';
        }
        if (wanted == LITERAL_QUESTION_MARK) {
            return actual == '?';
        }
        return ignoreCase && Character.toLowerCase(wanted) == Character.toLowerCase(actual);
    }
}
