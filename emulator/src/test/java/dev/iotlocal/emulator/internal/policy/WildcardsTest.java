package dev.iotlocal.emulator.internal.policy;

import static dev.iotlocal.emulator.internal.policy.PolicyFixture.arn;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.decision;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.set;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Policy wildcards as the reference's matching rules (A.4) state them: IAM's {@code *} and {@code ?}, MQTT's
 * {@code +} and {@code #} literal, ARNs matched part by part, resources case-sensitive and actions not.
 */
class WildcardsTest {

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # a star is any run of characters, none and slashes included
            some/*/topic   | some/a/topic        | true
            some/*/topic   | some/a/b/c/topic    | true
            some/*/topic   | some//topic         | true
            some/*/topic   | some/topic          | false
            *              | ''                  | true
            a*             | a                   | true
            # a question mark is exactly one character, a slash too
            some/?/topic   | some/a/topic        | true
            some/?/topic   | some/ab/topic       | false
            some/?/topic   | some//topic         | false
            a?c            | a/c                 | true
            some/???/topic | some/abc/topic      | true
            some/???/topic | some/ab/topic       | false
            # MQTT wildcards are ordinary characters
            some/+/topic   | some/+/topic        | true
            some/+/topic   | some/a/topic        | false
            'some/#'       | 'some/#'            | true
            'some/#'       | some/a              | false
            'some/#'       | some/               | false
            # several wildcards in one segment
            a*b?c*         | axxbyczz            | true
            a*b?c*         | axxbcz              | false
            *a*b*          | xaybz               | true
            a**b           | ab                  | true
            *?*            | ''                  | false
            *?*            | x                   | true
            *ab            | aab                 | true
            a*ab           | aaab                | true
            *a*b           | aaa                 | false
            a*a            | a                   | false
            dev-??-*       | dev-42-kitchen      | true
            dev-??-*       | dev-4-kitchen       | false
            # resources are case-sensitive, like MQTT topics
            Topic/A        | topic/a             | false
            topic/a        | topic/a             | true
            """)
    void wildcardsMatchAsIamDefinesThem(String pattern, String text, boolean matches) {
        assertThat(Wildcards.matches(pattern, text)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *                                                  | arn:aws:iot:us-east-1:123456789012:topic/a             | true
            arn:aws:iot:*:123456789012:topic/a                 | arn:aws:iot:us-east-1:123456789012:topic/a             | true
            arn:aws:iot:us-*:123456789012:topic/a              | arn:aws:iot:us-east-1:123456789012:topic/a             | true
            arn:aws:iot:us-east-?:123456789012:topic/a         | arn:aws:iot:us-east-1:123456789012:topic/a             | true
            arn:*:iot:*:*:topic/a                              | arn:aws:iot:us-east-1:123456789012:topic/a             | true
            # a star in the region part takes no colon: here the account part is 'east', not 123456789012
            arn:aws:iot:*:123456789012:topic/a                 | arn:aws:iot:us:east:123456789012:topic/a               | false
            arn:aws:iot:*:topic/a:b                            | arn:aws:iot:us-east-1:123456789012:topic/a:b           | false
            arn:aws:iot:us-east-1?123456789012:topic/a:b       | arn:aws:iot:us-east-1:123456789012:topic/a:b           | false
            # everything after the account is one part: topic names hold colons, a star there takes them
            arn:aws:iot:us-east-1:123456789012:topic/a:b       | arn:aws:iot:us-east-1:123456789012:topic/a:b           | true
            arn:aws:iot:us-east-1:123456789012:topic/a*        | arn:aws:iot:us-east-1:123456789012:topic/a:b:c         | true
            arn:aws:iot:us-east-1:123456789012:topic/a?b       | arn:aws:iot:us-east-1:123456789012:topic/a:b           | true
            arn:aws:iot:us-east-1:123456789012:*               | arn:aws:iot:us-east-1:123456789012:topicfilter/a/+/b   | true
            arn:aws:iot:us-east-1:123456789012:topic/*         | arn:aws:iot:us-east-1:123456789012:topicfilter/a       | false
            # case-sensitive, every part
            arn:aws:iot:us-east-1:123456789012:topic/A         | arn:aws:iot:us-east-1:123456789012:topic/a             | false
            arn:aws:IOT:us-east-1:123456789012:topic/a         | arn:aws:iot:us-east-1:123456789012:topic/a             | false
            # another account or region is another resource
            arn:aws:iot:us-east-1:210987654321:topic/a         | arn:aws:iot:us-east-1:123456789012:topic/a             | false
            arn:aws:iot:eu-west-1:123456789012:topic/*         | arn:aws:iot:us-east-1:123456789012:topic/a             | false
            """)
    void arnsMatchPartByPart(String pattern, String arn, boolean matches) {
        assertThat(Wildcards.arnMatches(pattern, arn)).as("arnMatches").isEqualTo(matches);
        assertThat(ResourcePattern.of(pattern).matches(arn)).as("ResourcePattern").isEqualTo(matches);
    }

    @ParameterizedTest(name = "Resource topic/{0} allows publishing to {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a${*}b    | a*b     | true
            a${*}b    | axb     | false
            a${*}b    | ab      | false
            a${?}b    | a?b     | true
            a${?}b    | axb     | false
            ${$}aws/x | $aws/x  | true
            a$(*)b    | a*b     | true
            a$(*)b    | axyb    | false
            a$(?)b    | a?b     | true
            a$(?)b    | axb     | false
            $($)aws/x | $aws/x  | true
            ${*}*     | '*/x/y' | true
            ${*}*     | x/y     | false
            """)
    void specialCharacterVariablesAreLiteral(String resource, String topic, boolean allowed) {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": \"" + arn("topic/" + resource) + "\""));

        assertThat(decision(set, "iot:Publish", arn("topic/" + topic)))
                .isEqualTo(allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY);
    }

    @ParameterizedTest(name = "Action {0} covers {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            IOT:publish    | iot:Publish   | true
            iot:Publish    | IOT:PUBLISH   | true
            iot:PUB*       | iot:Publish   | true
            iot:*          | iot:Receive   | true
            *              | iot:Subscribe | true
            iot:Publish    | iot:Subscribe | false
            iot:Publis?    | iot:Publish   | true
            iot:Pub        | iot:Publish   | false
            iot:Publish    | iot:RetainPublish | false
            """)
    void actionNamesAreCaseInsensitive(String policyAction, String requested, boolean allowed) {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"" + policyAction + "\", \"Resource\": \"*\""));

        assertThat(decision(set, requested, arn("topic/a")))
                .isEqualTo(allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY);
    }
}
