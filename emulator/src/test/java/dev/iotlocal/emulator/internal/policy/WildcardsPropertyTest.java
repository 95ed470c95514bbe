package dev.iotlocal.emulator.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * The wildcard matcher against a naive reference: a regular expression made by quoting every character but
 * {@code *} ({@code .*}) and {@code ?} ({@code .}), and for ARNs the same per colon-separated part, the sixth part
 * taking the rest. Patterns and texts are drawn from a small alphabet so that they often meet, and texts are also
 * made from a pattern by filling its wildcards in.
 */
class WildcardsPropertyTest {

    private static final String ALPHABET = "ab/+#*?";
    private static final String ARN_ALPHABET = "ab:/*?";

    @Property(tries = 1500)
    void matchesAgreesWithARegularExpression(@ForAll("patternsAndTexts") Tuple2<String, String> patternAndText) {
        String pattern = patternAndText.get1();
        String text = patternAndText.get2();

        assertThat(Wildcards.matches(pattern, text)).as("\"%s\" matches \"%s\"", pattern, text).isEqualTo(reference(pattern, text));
    }

    @Property(tries = 500)
    void aPatternMatchesEveryTextMadeByFillingInItsWildcards(@ForAll("patternsAndInstances") Tuple2<String, String> patternAndText) {
        assertThat(Wildcards.matches(patternAndText.get1(), patternAndText.get2())).isTrue();
    }

    @Property(tries = 500)
    void aLiteralPatternMatchesOnlyItsOwnText(@ForAll("texts") String value, @ForAll("texts") String text) {
        assertThat(Wildcards.matches(Wildcards.literal(value), text)).isEqualTo(value.equals(text));
    }

    @Property(tries = 1500)
    void arnMatchesAgreesWithAPartByPartReference(@ForAll("arnPatternsAndTexts") Tuple2<String, String> patternAndArn) {
        String pattern = patternAndArn.get1();
        String arn = patternAndArn.get2();
        boolean expected = arnReference(pattern, arn);

        assertThat(Wildcards.arnMatches(pattern, arn)).as("arnMatches(\"%s\", \"%s\")", pattern, arn).isEqualTo(expected);
        assertThat(ResourcePattern.of(pattern).matches(arn)).as("ResourcePattern \"%s\" matches \"%s\"", pattern, arn).isEqualTo(expected);
    }

    /** What lets the broker skip the Receive check per message must never skip one that would be refused. */
    @Property(tries = 1000)
    void aPatternSaidToMatchEverythingAfterAPrefixMatchesEveryResourceThere(
            @ForAll("arnPatternsAndPrefixes") Tuple2<String, String> patternAndPrefix, @ForAll("arnSuffixes") String suffix) {
        ResourcePattern pattern = ResourcePattern.of(patternAndPrefix.get1());
        String prefix = patternAndPrefix.get2();
        boolean everything = pattern.matchesEverythingAfter(prefix);

        Statistics.collect(everything);
        Statistics.coverage(coverage -> coverage.check(true).percentage(percent -> percent > 10));
        if (everything) {
            assertThat(pattern.matches(prefix + suffix)).as("\"%s\" matches \"%s\"", patternAndPrefix.get1(), prefix + suffix).isTrue();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(ALPHABET).ofMaxLength(8);
    }

    @Provide
    Arbitrary<Tuple2<String, String>> patternsAndTexts() {
        Arbitrary<String> patterns = Arbitraries.strings().withChars(ALPHABET).ofMaxLength(8);
        return Arbitraries.oneOf(
                Combinators.combine(patterns, texts()).as(Tuple::of),
                patternsAndInstances(),
                patternsAndInstances().flatMap(pair -> mutated(pair.get2(), ALPHABET).map(text -> Tuple.of(pair.get1(), text))));
    }

    @Provide
    Arbitrary<Tuple2<String, String>> patternsAndInstances() {
        return Arbitraries.strings().withChars(ALPHABET).ofMaxLength(8)
                .flatMap(pattern -> instance(pattern, "ab/+#").map(text -> Tuple.of(pattern, text)));
    }

    @Provide
    Arbitrary<Tuple2<String, String>> arnPatternsAndTexts() {
        Arbitrary<String> parts = Arbitraries.strings().withChars(ARN_ALPHABET).ofMaxLength(4);
        Arbitrary<String> patterns = Arbitraries.oneOf(
                Arbitraries.just("*"),
                parts.list().ofMinSize(4).ofMaxSize(7).map(list -> String.join(":", list)));
        Arbitrary<String> arns = Arbitraries.strings().withChars("ab:/").ofMaxLength(4)
                .list().ofMinSize(4).ofMaxSize(7).map(list -> String.join(":", list));
        Arbitrary<Tuple2<String, String>> instances = patterns.flatMap(pattern -> instance(pattern, "ab:/").map(arn -> Tuple.of(pattern, arn)));
        return Arbitraries.oneOf(
                Combinators.combine(patterns, arns).as(Tuple::of),
                instances,
                instances.flatMap(pair -> mutated(pair.get2(), "ab:/").map(arn -> Tuple.of(pair.get1(), arn))));
    }

    /** Patterns ending with {@code *} and texts their part before it matches, as prefixes. */
    @Provide
    Arbitrary<Tuple2<String, String>> arnPatternsAndPrefixes() {
        return Arbitraries.strings().withChars(ARN_ALPHABET).ofMaxLength(4).list().ofMinSize(5).ofMaxSize(7)
                .map(parts -> String.join(":", parts))
                .flatMap(pattern -> instance(pattern, "ab:/").map(prefix -> Tuple.of(pattern + "*", prefix)));
    }

    @Provide
    Arbitrary<String> arnSuffixes() {
        return Arbitraries.strings().withChars("ab:/").ofMaxLength(4);
    }

    /** A text the pattern matches: each {@code *} replaced by a run of up to three characters, each {@code ?} by one. */
    private static Arbitrary<String> instance(String pattern, String fill) {
        Arbitrary<String> result = Arbitraries.just("");
        for (char c : pattern.toCharArray()) {
            Arbitrary<String> piece = switch (c) {
                case '*' -> Arbitraries.strings().withChars(fill).ofMaxLength(3);
                case '?' -> Arbitraries.strings().withChars(fill).ofLength(1);
                default -> Arbitraries.just(String.valueOf(c));
            };
            result = Combinators.combine(result, piece).as(String::concat);
        }
        return result;
    }

    /** The text with one character changed, taken out or added: a near miss. */
    private static Arbitrary<String> mutated(String text, String alphabet) {
        Arbitrary<Character> characters = Arbitraries.of(alphabet.chars().mapToObj(c -> (char) c).toList());
        return Combinators.combine(Arbitraries.integers().between(0, text.length()), Arbitraries.integers().between(0, 2), characters)
                .as((at, how, c) -> switch (how) {
                    case 0 -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text + c;
                    case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
                    default -> text.substring(0, at) + c + text.substring(at);
                });
    }

    private static boolean reference(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    private static boolean arnReference(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length < 6 || arnParts.length < 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!reference(patternParts[i], arnParts[i])) {
                return false;
            }
        }
        return true;
    }
}
