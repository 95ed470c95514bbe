package dev.iotlocal.emulator.internal.policy;

import static dev.iotlocal.emulator.internal.policy.PolicyFixture.arn;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.context;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.decision;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.set;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * IAM's condition operators as the reference lists them (A.7) and its rules for missing keys and sets (A.1, A.6):
 * each row is the Condition block of an {@code iot:Connect} Allow, a request context, and whether the connection is
 * allowed, that is whether the block holds.
 */
class ConditionTest {

    private static final String KEY = "iot:Connection.Thing.Attributes[x]";

    private static boolean holds(String condition, String requestContext) {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\", \"Condition\": "
                + condition.replace("KEY", KEY)));
        return decision(set, "iot:Connect", arn("client/c1"), context(requestContext.replace("KEY", KEY))) == Decision.ALLOWED;
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"StringEquals": {"KEY": "abc"}}                  | {"KEY": ["abc"]}   | true
            {"StringEquals": {"KEY": "abc"}}                  | {"KEY": ["ABC"]}   | false
            {"StringEquals": {"KEY": "a*"}}                   | {"KEY": ["abc"]}   | false
            {"StringEquals": {"KEY": "a*"}}                   | {"KEY": ["a*"]}    | true
            {"StringNotEquals": {"KEY": "abc"}}               | {"KEY": ["abd"]}   | true
            {"StringNotEquals": {"KEY": "abc"}}               | {"KEY": ["abc"]}   | false
            {"StringEqualsIgnoreCase": {"KEY": "ABC"}}        | {"KEY": ["abc"]}   | true
            {"StringEqualsIgnoreCase": {"KEY": "ABC"}}        | {"KEY": ["abd"]}   | false
            {"StringNotEqualsIgnoreCase": {"KEY": "ABC"}}     | {"KEY": ["abc"]}   | false
            {"StringNotEqualsIgnoreCase": {"KEY": "ABC"}}     | {"KEY": ["abd"]}   | true
            {"StringLike": {"KEY": "dev-*"}}                  | {"KEY": ["dev-42"]} | true
            {"StringLike": {"KEY": "dev-?"}}                  | {"KEY": ["dev-42"]} | false
            {"StringLike": {"KEY": "dev-?"}}                  | {"KEY": ["dev-4"]} | true
            {"StringLike": {"KEY": "a/*"}}                    | {"KEY": ["a/b/c"]} | true
            {"StringLike": {"KEY": "Dev-*"}}                  | {"KEY": ["dev-42"]} | false
            {"StringNotLike": {"KEY": "dev-*"}}               | {"KEY": ["dev-42"]} | false
            {"StringNotLike": {"KEY": "dev-*"}}               | {"KEY": ["prod-1"]} | true
            """)
    void stringOperators(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"NumericEquals": {"KEY": 10}}                    | {"KEY": ["10"]}    | true
            {"NumericEquals": {"KEY": "10"}}                  | {"KEY": ["10.0"]}  | true
            {"NumericEquals": {"KEY": 10}}                    | {"KEY": ["11"]}    | false
            {"NumericEquals": {"KEY": 10}}                    | {"KEY": ["ten"]}   | false
            {"NumericNotEquals": {"KEY": 10}}                 | {"KEY": ["11"]}    | true
            {"NumericNotEquals": {"KEY": 10}}                 | {"KEY": ["10"]}    | false
            {"NumericLessThan": {"KEY": 10}}                  | {"KEY": ["9"]}     | true
            {"NumericLessThan": {"KEY": 10}}                  | {"KEY": ["10"]}    | false
            {"NumericLessThan": {"KEY": 10}}                  | {"KEY": ["-3.5"]}  | true
            {"NumericLessThanEquals": {"KEY": 10}}            | {"KEY": ["10"]}    | true
            {"NumericLessThanEquals": {"KEY": 10}}            | {"KEY": ["11"]}    | false
            {"NumericGreaterThan": {"KEY": 10}}               | {"KEY": ["11"]}    | true
            {"NumericGreaterThan": {"KEY": 10}}               | {"KEY": ["10"]}    | false
            {"NumericGreaterThanEquals": {"KEY": 10}}         | {"KEY": ["10"]}    | true
            {"NumericGreaterThanEquals": {"KEY": 10}}         | {"KEY": ["9"]}     | false
            """)
    void numericOperators(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"DateEquals": {"KEY": "2024-01-01T00:00:00Z"}}              | {"KEY": ["2024-01-01T00:00:00Z"]}   | true
            {"DateEquals": {"KEY": "2024-01-01T00:00:00Z"}}              | {"KEY": ["1704067200"]}             | true
            {"DateEquals": {"KEY": "2024-01-01"}}                        | {"KEY": ["2024-01-01T00:00:00Z"]}   | true
            {"DateEquals": {"KEY": "2024-01-01T01:00:00+01:00"}}         | {"KEY": ["2024-01-01T00:00:00Z"]}   | true
            {"DateEquals": {"KEY": "2024-01-01T00:00:00Z"}}              | {"KEY": ["2024-01-01T00:00:01Z"]}   | false
            {"DateNotEquals": {"KEY": "2024-01-01T00:00:00Z"}}           | {"KEY": ["2024-01-01T00:00:01Z"]}   | true
            {"DateNotEquals": {"KEY": "2024-01-01T00:00:00Z"}}           | {"KEY": ["2024-01-01T00:00:00Z"]}   | false
            {"DateLessThan": {"KEY": "2024-01-01T00:00:00Z"}}            | {"KEY": ["2023-12-31T23:59:59Z"]}   | true
            {"DateLessThan": {"KEY": "2024-01-01T00:00:00Z"}}            | {"KEY": ["2024-01-01T00:00:00Z"]}   | false
            {"DateLessThanEquals": {"KEY": "2024-01-01T00:00:00Z"}}      | {"KEY": ["2024-01-01T00:00:00Z"]}   | true
            {"DateLessThanEquals": {"KEY": "2024-01-01T00:00:00Z"}}      | {"KEY": ["2024-01-02T00:00:00Z"]}   | false
            {"DateGreaterThan": {"KEY": "2024-01-01T00:00:00Z"}}         | {"KEY": ["2024-06-01T00:00:00Z"]}   | true
            {"DateGreaterThan": {"KEY": "2024-01-01T00:00:00Z"}}         | {"KEY": ["2024-01-01T00:00:00Z"]}   | false
            {"DateGreaterThanEquals": {"KEY": "2024-01-01T00:00:00Z"}}   | {"KEY": ["2024-01-01T00:00:00Z"]}   | true
            {"DateGreaterThanEquals": {"KEY": "2024-01-01T00:00:00Z"}}   | {"KEY": ["2023-01-01T00:00:00Z"]}   | false
            {"DateEquals": {"KEY": "2024-01-01T00:00:00Z"}}              | {"KEY": ["yesterday"]}              | false
            """)
    void dateOperators(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"Bool": {"iot:Connection.Thing.IsAttached": true}}     | {"iot:Connection.Thing.IsAttached": ["true"]}  | true
            {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}   | {"iot:Connection.Thing.IsAttached": ["true"]}  | true
            {"Bool": {"iot:Connection.Thing.IsAttached": true}}     | {"iot:Connection.Thing.IsAttached": ["false"]} | false
            {"Bool": {"iot:Connection.Thing.IsAttached": false}}    | {"iot:Connection.Thing.IsAttached": ["false"]} | true
            {"BinaryEquals": {"KEY": "QmluYXJ5"}}                   | {"KEY": ["QmluYXJ5"]}                          | true
            {"BinaryEquals": {"KEY": "QmluYXJ5"}}                   | {"KEY": ["QmluYXJ6"]}                          | false
            """)
    void boolAndBinaryOperators(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}                           | {"aws:SourceIp": ["10.1.2.3"]}        | true
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}                           | {"aws:SourceIp": ["11.0.0.1"]}        | false
            {"IpAddress": {"aws:SourceIp": "192.168.1.0/24"}}                       | {"aws:SourceIp": ["192.168.1.254"]}   | true
            {"IpAddress": {"aws:SourceIp": "192.168.1.0/24"}}                       | {"aws:SourceIp": ["192.168.2.1"]}     | false
            {"IpAddress": {"aws:SourceIp": "192.168.1.7"}}                          | {"aws:SourceIp": ["192.168.1.7"]}     | true
            {"IpAddress": {"aws:SourceIp": "192.168.1.7/32"}}                       | {"aws:SourceIp": ["192.168.1.8"]}     | false
            {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}                            | {"aws:SourceIp": ["203.0.113.9"]}     | true
            {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}       | {"aws:SourceIp": ["192.168.3.3"]}     | true
            {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}                        | {"aws:SourceIp": ["2001:db8:1::5"]}   | true
            {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}                        | {"aws:SourceIp": ["2001:db9::1"]}     | false
            {"IpAddress": {"aws:SourceIp": "2001:DB8::/32"}}                        | {"aws:SourceIp": ["2001:db8::1"]}     | true
            {"IpAddress": {"aws:SourceIp": "::1/128"}}                              | {"aws:SourceIp": ["0:0:0:0:0:0:0:1"]} | true
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}                           | {"aws:SourceIp": ["2001:db8::1"]}     | false
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}                          | {"aws:SourceIp": ["10.0.0.1"]}        | false
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}                           | {"aws:SourceIp": ["not-an-address"]}  | false
            {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}                        | {"aws:SourceIp": ["10.1.2.3"]}        | false
            {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}                        | {"aws:SourceIp": ["11.0.0.1"]}        | true
            {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "11.0.0.0/8"]}}        | {"aws:SourceIp": ["11.0.0.1"]}        | false
            {"NotIpAddress": {"aws:SourceIp": "2001:db8::/32"}}                     | {"aws:SourceIp": ["2001:db9::1"]}     | true
            """)
    void ipAddressOperatorsCompareIpv4AndIpv6CidrRanges(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    /**
     * IAM takes addresses and ranges in CIDR notation: the legacy forms {@code 10.1} (10.0.0.1) or {@code 167772161}
     * are no addresses, and neither they nor a malformed range match anything.
     */
    @ParameterizedTest(name = "IpAddress {0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            999.1.1.1/8    | 999.1.2.3
            10.0.0.0/8     | 10.1
            10.0.0/8       | 10.0.0.1
            10.0.0.0/8     | 167772161
            10.0.0.0/8     | 10.0.0.1.5
            1.2.3.4.5/8    | 1.2.3.4
            10.0.0.0/x     | 10.0.0.1
            10.0.0.0/-1    | 10.0.0.1
            2001:db8::/32  | g001:db8::1
            g001:db8::/16  | 2001:db8::1
            """)
    void anIpAddressThatIsNotADottedQuadOrIpv6LiteralMatchesNothing(String range, String address) {
        String requestContext = "{\"aws:SourceIp\": [\"" + address + "\"]}";

        assertThat(holds("{\"IpAddress\": {\"aws:SourceIp\": \"" + range + "\"}}", requestContext)).isFalse();
        assertThat(holds("{\"NotIpAddress\": {\"aws:SourceIp\": \"" + range + "\"}}", requestContext)).isTrue();
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"ArnEquals": {"iot:LastWillTopic": "arn:aws:iot:us-east-1:123456789012:topic/will/c1"}}    | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c1"]} | true
            {"ArnEquals": {"iot:LastWillTopic": "arn:aws:iot:us-east-1:123456789012:topic/will/c1"}}    | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c2"]} | false
            {"ArnEquals": {"iot:LastWillTopic": "arn:aws:iot:us-east-1:123456789012:topic/Will/c1"}}    | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c1"]} | false
            {"ArnLike": {"iot:LastWillTopic": "arn:aws:iot:*:123456789012:topic/will/*"}}               | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c1"]} | true
            {"ArnLike": {"iot:LastWillTopic": "arn:aws:iot:*:123456789012:topic/will/*"}}               | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/other"]}   | false
            {"ArnLike": {"iot:LastWillTopic": "arn:aws:iot:*:123456789012:topic/will/*"}}               | {"iot:LastWillTopic": ["arn:aws:iot:us:east:123456789012:topic/will/c1"]}   | false
            {"ArnNotEquals": {"iot:LastWillTopic": "arn:aws:iot:us-east-1:123456789012:topic/will/c1"}} | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c2"]} | true
            {"ArnNotEquals": {"iot:LastWillTopic": "arn:aws:iot:us-east-1:123456789012:topic/will/c1"}} | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c1"]} | false
            {"ArnNotLike": {"iot:LastWillTopic": "arn:aws:iot:*:*:topic/will/*"}}                       | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/will/c1"]} | false
            {"ArnNotLike": {"iot:LastWillTopic": "arn:aws:iot:*:*:topic/will/*"}}                       | {"iot:LastWillTopic": ["arn:aws:iot:us-east-1:123456789012:topic/x"]}       | true
            """)
    void arnOperatorsCompareEachPartCaseSensitively(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"Null": {"KEY": "true"}}                         | {}                 | true
            {"Null": {"KEY": true}}                           | {"KEY": ["abc"]}   | false
            {"Null": {"KEY": "false"}}                        | {"KEY": ["abc"]}   | true
            {"Null": {"KEY": "false"}}                        | {}                 | false
            {"StringEqualsIfExists": {"KEY": "sensor"}}       | {}                 | true
            {"StringEqualsIfExists": {"KEY": "sensor"}}       | {"KEY": ["sensor"]} | true
            {"StringEqualsIfExists": {"KEY": "sensor"}}       | {"KEY": ["lamp"]}  | false
            {"NumericLessThanIfExists": {"KEY": 5}}           | {}                 | true
            {"NumericLessThanIfExists": {"KEY": 5}}           | {"KEY": ["7"]}     | false
            {"ArnLikeIfExists": {"iot:LastWillTopic": "arn:aws:iot:*:*:topic/will/*"}} | {}          | true
            {"StringNotEqualsIfExists": {"KEY": "sensor"}}    | {"KEY": ["sensor"]} | false
            """)
    void nullAndIfExistsTestWhetherTheKeyIsThere(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} without the key: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"StringEquals": {"KEY": "abc"}}                              | false
            {"StringEqualsIgnoreCase": {"KEY": "abc"}}                    | false
            {"StringLike": {"KEY": "*"}}                                  | false
            {"NumericEquals": {"KEY": 1}}                                 | false
            {"NumericGreaterThan": {"KEY": 1}}                            | false
            {"DateEquals": {"KEY": "2024-01-01T00:00:00Z"}}               | false
            {"Bool": {"KEY": true}}                                       | false
            {"BinaryEquals": {"KEY": "QmluYXJ5"}}                         | false
            {"IpAddress": {"KEY": "0.0.0.0/0"}}                           | false
            {"ArnLike": {"KEY": "*"}}                                     | false
            {"ArnEquals": {"KEY": "arn:aws:iot:*:*:*"}}                   | false
            {"StringNotEquals": {"KEY": "abc"}}                           | true
            {"StringNotEqualsIgnoreCase": {"KEY": "abc"}}                 | true
            {"StringNotLike": {"KEY": "*"}}                               | true
            {"NumericNotEquals": {"KEY": 1}}                              | true
            {"DateNotEquals": {"KEY": "2024-01-01T00:00:00Z"}}            | true
            {"NotIpAddress": {"KEY": "0.0.0.0/0"}}                        | true
            {"ArnNotEquals": {"KEY": "arn:aws:iot:*:*:*"}}                | true
            {"ArnNotLike": {"KEY": "*"}}                                  | true
            """)
    void aMissingKeyMakesAPositiveOperatorFalseAndANegatedOneTrue(String condition, boolean holds) {
        assertThat(holds(condition, "{}")).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"StringEquals": {"KEY": ["a", "b"]}}                  | {"KEY": ["b"]}   | true
            {"StringEquals": {"KEY": ["a", "b"]}}                  | {"KEY": ["c"]}   | false
            {"StringLike": {"KEY": ["x*", "b?"]}}                  | {"KEY": ["bb"]}  | true
            {"NumericEquals": {"KEY": [1, 2]}}                     | {"KEY": ["2"]}   | true
            {"StringNotEquals": {"KEY": ["a", "b"]}}               | {"KEY": ["b"]}   | false
            {"StringNotEquals": {"KEY": ["a", "b"]}}               | {"KEY": ["c"]}   | true
            {"StringNotLike": {"KEY": ["a*", "b*"]}}               | {"KEY": ["bc"]}  | false
            """)
    void severalValuesAreOredAndForANegatedOperatorAnded(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"StringEquals": {"iot:ClientId": "c1", "KEY": "sensor"}}                   | {"iot:ClientId": ["c1"], "KEY": ["sensor"]}  | true
            {"StringEquals": {"iot:ClientId": "c1", "KEY": "sensor"}}                   | {"iot:ClientId": ["c1"], "KEY": ["lamp"]}    | false
            {"StringEquals": {"iot:ClientId": "c1", "KEY": "sensor"}}                   | {"iot:ClientId": ["c1"]}                     | false
            {"StringEquals": {"iot:ClientId": "c1"}, "StringLike": {"KEY": "sen*"}}      | {"iot:ClientId": ["c1"], "KEY": ["sensor"]}  | true
            {"StringEquals": {"iot:ClientId": "c1"}, "StringLike": {"KEY": "sen*"}}      | {"iot:ClientId": ["c2"], "KEY": ["sensor"]}  | false
            {"StringEquals": {"iot:ClientId": "c1"}, "Bool": {"iot:Connection.Thing.IsAttached": true}} | {"iot:ClientId": ["c1"], "iot:Connection.Thing.IsAttached": ["false"]} | false
            """)
    void severalKeysAndSeveralOperatorsAreAnded(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"StringEquals": {"IOT:clientid": "c1"}}                        | {"iot:ClientId": ["c1"]}   | true
            {"StringEquals": {"iot:ClientId": "c1"}}                        | {"IOT:CLIENTID": ["c1"]}   | true
            {"IpAddress": {"AWS:SourceIP": "10.0.0.0/8"}}                   | {"aws:SourceIp": ["10.0.0.1"]} | true
            {"StringEquals": {"iot:ClientId": "c1"}}                        | {"iot:ClientId": ["C1"]}   | false
            """)
    void conditionKeyNamesAreCaseInsensitiveAndValuesAreNot(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    /** A.6 and A.7: {@code iot:ConnectAttributes} is empty for a clean connect without a Will. */
    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": []}}                                  | {"iot:ConnectAttributes": []}                                 | true
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": []}}                                  | {"iot:ConnectAttributes": ["PersistentConnect"]}              | false
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": []}}                                  | {}                                                            | true
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect"]}}               | {"iot:ConnectAttributes": ["PersistentConnect"]}              | true
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect"]}}               | {"iot:ConnectAttributes": ["PersistentConnect", "LastWill"]}  | false
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect", "LastWill"]}}   | {"iot:ConnectAttributes": ["LastWill"]}                       | true
            {"ForAllValues:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect", "LastWill"]}}   | {"iot:ConnectAttributes": []}                                 | true
            {"ForAllValues:StringLike": {"iot:ConnectAttributes": ["*Connect"]}}                          | {"iot:ConnectAttributes": ["PersistentConnect"]}              | true
            {"ForAllValues:StringNotEquals": {"iot:ConnectAttributes": ["LastWill"]}}                     | {"iot:ConnectAttributes": ["PersistentConnect"]}              | true
            {"ForAllValues:StringNotEquals": {"iot:ConnectAttributes": ["LastWill"]}}                     | {"iot:ConnectAttributes": ["PersistentConnect", "LastWill"]}  | false
            {"ForAnyValue:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect"]}}                | {"iot:ConnectAttributes": []}                                 | false
            {"ForAnyValue:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect"]}}                | {}                                                            | false
            {"ForAnyValue:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect"]}}                | {"iot:ConnectAttributes": ["LastWill", "PersistentConnect"]}  | true
            {"ForAnyValue:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect"]}}                | {"iot:ConnectAttributes": ["LastWill"]}                       | false
            {"ForAnyValue:StringNotEquals": {"iot:ConnectAttributes": ["LastWill"]}}                      | {"iot:ConnectAttributes": ["LastWill", "PersistentConnect"]}  | true
            {"ForAnyValue:StringNotEquals": {"iot:ConnectAttributes": ["LastWill"]}}                      | {"iot:ConnectAttributes": ["LastWill"]}                       | false
            {"ForAnyValue:StringNotEquals": {"iot:ConnectAttributes": ["LastWill"]}}                      | {}                                                            | false
            {"StringEquals": {"iot:ConnectAttributes": "LastWill"}}                                       | {"iot:ConnectAttributes": []}                                 | false
            """)
    void setQualifiersOverConnectAttributes(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"StringEquals": {"iot:Connection.Thing.ThingName": "${iot:ClientId}"}}   | {"iot:ClientId": ["c1"], "iot:Connection.Thing.ThingName": ["c1"]}  | true
            {"StringEquals": {"iot:Connection.Thing.ThingName": "${iot:ClientId}"}}   | {"iot:ClientId": ["c1"], "iot:Connection.Thing.ThingName": ["c2"]}  | false
            {"StringLike": {"KEY": "${iot:ClientId}/*"}}                              | {"iot:ClientId": ["c*"], "KEY": ["c*/x"]}                           | true
            {"StringLike": {"KEY": "${iot:ClientId}/*"}}                              | {"iot:ClientId": ["c*"], "KEY": ["cc/x"]}                           | false
            {"StringEquals": {"KEY": "${iot:Connection.Thing.ThingName}"}}            | {"KEY": ["x"]}                                                      | false
            """)
    void aVariableInAConditionValueIsFilledInAsLiteralText(String condition, String requestContext, boolean holds) {
        assertThat(holds(condition, requestContext)).isEqualTo(holds);
    }
}
