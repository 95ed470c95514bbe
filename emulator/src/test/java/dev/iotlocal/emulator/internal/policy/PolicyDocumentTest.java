package dev.iotlocal.emulator.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iotlocal.emulator.internal.policy.PolicyDocument.Effect;
import dev.iotlocal.emulator.internal.policy.PolicyDocument.Statement;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Policy documents as AWS IoT's developer guide writes them parse into the model; malformed ones are refused saying why. */
class PolicyDocumentTest {

    @Test
    void theThingNamePolicyOfTheDeveloperGuideParsesWithItsVariablesKeptAsWritten() {
        PolicyDocument document = PolicyDocument.parse("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": ["iot:Connect"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"]},
                    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*"]},
                    {"Effect": "Allow", "Action": ["iot:Subscribe"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:topicfilter/${iot:Connection.Thing.ThingName}/*"]}
                  ]
                }""");

        assertThat(document.version()).isEqualTo("2012-10-17");
        assertThat(document.hasPolicyVariables()).isTrue();
        assertThat(document.id()).isEmpty();
        assertThat(document.statements()).containsExactly(
                new Statement(Optional.empty(), Effect.ALLOW, List.of("iot:Connect"), List.of(),
                        List.of("arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"), List.of(), Map.of()),
                new Statement(Optional.empty(), Effect.ALLOW, List.of("iot:Publish", "iot:Receive"), List.of(),
                        List.of("arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*"), List.of(), Map.of()),
                new Statement(Optional.empty(), Effect.ALLOW, List.of("iot:Subscribe"), List.of(),
                        List.of("arn:aws:iot:us-east-1:123456789012:topicfilter/${iot:Connection.Thing.ThingName}/*"), List.of(), Map.of()));
    }

    @Test
    void aReceiveStatementWithNotResourceExcludesASubtree() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["iot:Subscribe"],
                   "Resource": ["arn:aws:iot:us-east-1:123456789012:topicfilter/department/*"]},
                  {"Effect": "Allow", "Action": "iot:Receive",
                   "NotResource": "arn:aws:iot:us-east-1:123456789012:topic/department/restricted/*"}]}""");

        Statement receive = document.statements().get(1);
        assertThat(receive.actions()).containsExactly("iot:Receive");
        assertThat(receive.resources()).isEmpty();
        assertThat(receive.notResources()).containsExactly("arn:aws:iot:us-east-1:123456789012:topic/department/restricted/*");
    }

    @Test
    void aConnectConditionOnConnectAttributesKeepsItsOperatorKeyAndValues() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect",
                  "Resource": "arn:aws:iot:us-east-1:123456789012:client/client1",
                  "Condition": {"ForAllValues:StringEquals": {"iot:ConnectAttributes": ["PersistentConnect", "LastWill"]},
                                "Bool": {"iot:Connection.Thing.IsAttached": true}}}]}""");

        assertThat(document.statements().get(0).conditions()).containsExactly(
                Map.entry("ForAllValues:StringEquals", Map.of("iot:ConnectAttributes", List.of("PersistentConnect", "LastWill"))),
                Map.entry("Bool", Map.of("iot:Connection.Thing.IsAttached", List.of("true"))));
    }

    @Test
    void anEmptyListOfConditionValuesIsHowForAllValuesSaysNoAttributes() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*",
                  "Condition": {"ForAllValues:StringEquals": {"iot:ConnectAttributes": []}}}]}""");

        assertThat(document.statements().get(0).conditions().get("ForAllValues:StringEquals"))
                .containsEntry("iot:ConnectAttributes", List.of());
    }

    @Test
    void aDocumentWithoutVersionIsTheOldLanguageWithoutVariablesAndOneStatementNeedsNoBrackets() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Id": "legacy", "Statement": {"Sid": "Everything", "Effect": "Deny", "NotAction": "iot:Connect", "Resource": "*"}}""");

        assertThat(document.version()).isEqualTo("2008-10-17");
        assertThat(document.hasPolicyVariables()).isFalse();
        assertThat(document.id()).hasValue("legacy");
        assertThat(document.statements()).containsExactly(new Statement(Optional.of("Everything"), Effect.DENY, List.of(),
                List.of("iot:Connect"), List.of("*"), List.of(), Map.of()));
    }

    @Test
    void actionsOfOtherServicesAndWildcardsAreAccepted() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Action": ["*", "iot:*", "iot:Get*", "greengrass:Discover", "iotjobsdata:DescribeJobExecution"], "Resource": "*"}]}""");

        assertThat(document.statements().get(0).actions()).hasSize(5);
    }

    @Test
    void theModelCannotBeChanged() {
        PolicyDocument document = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:SourceIp": "10.0.0.1"}}}]}""");
        Statement statement = document.statements().get(0);

        assertThatThrownBy(() -> document.statements().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> statement.actions().add("iot:Publish")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> statement.conditions().get("StringEquals").clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void twoThousandAndFortyEightCharactersBesidesWhitespaceAreAllowed() {
        String document = documentWithNonWhitespaceLength(2048, "\n    ");

        assertThat(PolicyDocument.parse(document).statements()).hasSize(1);
    }

    @Test
    void aDocumentOverTwoThousandAndFortyEightCharactersBesidesWhitespaceIsMalformed() {
        assertThat(malformed(documentWithNonWhitespaceLength(2049, " ")))
                .isEqualTo("Policy document is Malformed: The document has 2049 characters excluding whitespace; AWS IoT allows at most 2048.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                  | this is not JSON                                                                   | The document is not valid JSON:
            empty                     | ''                                                                                 | The document must be a JSON object.
            an array                  | []                                                                                 | The document must be a JSON object.
            text after the object     | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}} {}              | The document is not valid JSON:
            no Statement              | {"Version": "2012-10-17"}                                                          | The document has no Statement.
            no statements             | {"Version": "2012-10-17", "Statement": []}                                         | Statement must not be empty.
            a string statement        | {"Version": "2012-10-17", "Statement": "Allow"}                                    | Each statement must be a JSON object; statement 1 is not.
            a number among statements | {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, 1]} | Each statement must be a JSON object; statement 2 is not.
            an unknown version        | {"Version": "2020-01-01", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}} | Version must be 2012-10-17 or 2008-10-17, not 2020-01-01.
            a numeric version         | {"Version": 2012, "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}} | Version in the document must be a string.
            an unknown top element    | {"Version": "2012-10-17", "Statements": []}                                        | Unknown element Statements at the top of the document
            no Effect                 | {"Statement": {"Action": "*", "Resource": "*"}}                                    | Statement 1 has no Effect.
            a lower-case Effect       | {"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}                 | Effect must be Allow or Deny, not "allow", in statement 1.
            Action and NotAction      | {"Statement": {"Effect": "Allow", "Action": "*", "NotAction": "iot:Connect", "Resource": "*"}} | Statement 1 has both Action and NotAction
            no action                 | {"Statement": {"Effect": "Allow", "Resource": "*"}}                                | Statement 1 has neither Action nor NotAction
            Resource and NotResource  | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}} | Statement 1 has both Resource and NotResource
            no resource               | {"Statement": [{"Sid": "First", "Effect": "Allow", "Action": "*"}]}                 | Statement 1 (Sid First) has neither Resource nor NotResource
            an action without service | {"Statement": {"Effect": "Allow", "Action": "Publish", "Resource": "*"}}            | The action "Publish" in statement 1 is not "*" or <service>:<action>
            an action with two colons | {"Statement": {"Effect": "Allow", "Action": "iot:Publish:now", "Resource": "*"}}    | The action "iot:Publish:now" in statement 1 is not
            an empty action list      | {"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}                  | Action in statement 1 must be a string or a non-empty array of strings.
            a numeric action          | {"Statement": {"Effect": "Allow", "Action": [7], "Resource": "*"}}                 | Action in statement 1 must be a string or a non-empty array of strings.
            a resource that is no ARN | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": ["*", "topic/a", "arn:aws:iot"]}} | The following resources are invalid : topic/a, arn:aws:iot (in statement 1)
            a condition string        | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": "yes"}} | Condition in statement 1 must be an object of condition operators.
            a condition of a string   | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": "true"}}} | The condition Bool in statement 1 must be an object of condition keys to values.
            an unknown operator       | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringMatches": {}}}} | Unknown condition operator StringMatches in statement 1
            Null with IfExists        | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {}}}} | Unknown condition operator NullIfExists in statement 1
            an object condition value | {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": {"v": 1}}}}} | The condition StringEquals k in statement 1 must have a string, number or boolean, or an array of them.
            an unknown statement key  | {"Statement": {"Effect": "Allow", "Actions": "*", "Resource": "*"}}                 | Unknown element Actions in statement 1
            a principal               | {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}} | Policy document should not specify a principal: statement 1 has Principal.
            a duplicate key           | {"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}} | The document is not valid JSON: Duplicate field 'Effect'
            a numeric Sid             | {"Statement": {"Sid": 1, "Effect": "Allow", "Action": "*", "Resource": "*"}}      | Sid in statement 1 must be a string.
            """)
    void aMalformedDocumentIsRefusedSayingWhatIsWrong(String what, String document, String message) {
        assertThat(malformed(document)).startsWith("Policy document is Malformed: " + message);
    }

    @Test
    void aValueOfTheDocumentQuotedInTheRefusalIsPrintableAndCutShort() {
        String action = "iot:\u001b[2J" + "x".repeat(300);

        String message = malformed("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"" + action.replace("\u001b", "\\u001b")
                + "\", \"Resource\": \"*\"}}");

        assertThat(message).startsWith("Policy document is Malformed: The action \"iot:?[2J" + "x".repeat(192) + "...\" in statement 1 is not");
    }

    /** The message of the MalformedPolicyException the document is refused with. */
    private static String malformed(String document) {
        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> PolicyDocument.parse(document));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.MALFORMED_POLICY);
        assertThat(refused.kind().status()).isEqualTo(400);
        return refused.getMessage();
    }

    /** A valid document of exactly {@code length} characters besides whitespace, padded with {@code whitespace} between its tokens. */
    private static String documentWithNonWhitespaceLength(int length, String whitespace) {
        String head = "{" + whitespace + "\"Version\":\"2012-10-17\"," + whitespace + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                + whitespace + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/";
        String tail = "\"}" + whitespace + "}";
        int used = (head + tail).replaceAll("\\s", "").length();
        return head + "a".repeat(length - used) + tail;
    }
}
