package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * The AWS CLI's {@code aws iot} (and {@code aws iot-data}, against the data endpoint) against the emulator, as a provisioning script calls it with {@code --endpoint-url}
 * and the account's key in the environment: each control-plane operation once, in the order a script runs them,
 * and one refusal as the CLI prints it. What a test sets up or checks besides is done with {@code IotClient}, as each
 * {@code aws} command takes a Python start. Skipped, saying so, where the AWS CLI is not installed.
 */
class AwsCliTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .journal(journal -> journal.recordMessages(true)).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For what the CLI is not under test for: setting up and checking what a command did. */
    private final IotClient iot = running.iot();

    @TempDir
    static Path home;

    @BeforeAll
    static void requireTheAwsCli() {
        Assumptions.assumeTrue(awsCliVersion() != null, "the AWS CLI (aws) is not installed here; apt-get install awscli to run these tests");
    }

    @Test
    void thingsFromCreateToDelete() throws Exception {
        JsonNode created = aws("create-thing", "--thing-name", "cli-lamp", "--attribute-payload", "{\"attributes\":{\"room\":\"hall\"}}");
        assertThat(created.path("thingArn").asText()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/cli-lamp");
        assertThat(aws("describe-thing", "--thing-name", "cli-lamp").path("attributes").path("room").asText()).isEqualTo("hall");
        aws("update-thing", "--thing-name", "cli-lamp", "--attribute-payload", "{\"attributes\":{\"floor\":\"2\"},\"merge\":true}");
        assertThat(aws("list-things", "--attribute-name", "floor", "--attribute-value", "2").path("things").get(0).path("thingName").asText())
                .isEqualTo("cli-lamp");
        aws("delete-thing", "--thing-name", "cli-lamp");
        refused(ResourceNotFoundException.class, 404, "Thing cli-lamp does not exist", () -> iot.describeThing(b -> b.thingName("cli-lamp")));
    }

    @Test
    void aCertificateFromCreateKeysToDelete() throws Exception {
        iot.createThing(b -> b.thingName("cli-sensor"));
        JsonNode keys = aws("create-keys-and-certificate", "--set-as-active");
        String id = keys.path("certificateId").asText();
        String arn = keys.path("certificateArn").asText();
        assertThat(keys.path("keyPair").path("PrivateKey").asText()).contains("PRIVATE KEY-----");
        aws("attach-thing-principal", "--thing-name", "cli-sensor", "--principal", arn);
        assertThat(aws("list-thing-principals", "--thing-name", "cli-sensor").path("principals").get(0).asText()).isEqualTo(arn);
        assertThat(aws("list-principal-things", "--principal", arn).path("things").get(0).asText()).isEqualTo("cli-sensor");
        assertThat(aws("describe-certificate", "--certificate-id", id).path("certificateDescription").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(aws("list-certificates").path("certificates").findValuesAsText("certificateId")).contains(id);
        aws("update-certificate", "--certificate-id", id, "--new-status", "INACTIVE");
        aws("detach-thing-principal", "--thing-name", "cli-sensor", "--principal", arn);
        aws("delete-certificate", "--certificate-id", id);
        refused(ResourceNotFoundException.class, 404, "The certificate " + id + " does not exist",
                () -> iot.describeCertificate(b -> b.certificateId(id)));
    }

    @Test
    void aPolicyAttachedToACertificateAndAGroupWithVersions() throws Exception {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
        aws("create-policy", "--policy-name", "cli-policy", "--policy-document", document);
        aws("create-policy-version", "--policy-name", "cli-policy", "--policy-document", document.replace("iot:Connect", "iot:*"),
                "--set-as-default");
        assertThat(aws("get-policy", "--policy-name", "cli-policy").path("defaultVersionId").asText()).isEqualTo("2");
        assertThat(aws("list-policy-versions", "--policy-name", "cli-policy").path("policyVersions").size()).isEqualTo(2);
        String certificateArn = iot.createKeysAndCertificate().certificateArn();
        String groupArn = iot.createThingGroup(b -> b.thingGroupName("cli-governed")).thingGroupArn();
        aws("attach-policy", "--policy-name", "cli-policy", "--target", certificateArn);
        iot.attachPolicy(b -> b.policyName("cli-policy").target(groupArn));
        assertThat(aws("list-attached-policies", "--target", certificateArn).path("policies").get(0).path("policyName").asText())
                .isEqualTo("cli-policy");
        assertThat(aws("list-targets-for-policy", "--policy-name", "cli-policy").path("targets").toString())
                .contains(certificateArn, groupArn);
        aws("detach-policy", "--policy-name", "cli-policy", "--target", certificateArn);
        iot.detachPolicy(b -> b.policyName("cli-policy").target(groupArn));
        aws("delete-policy-version", "--policy-name", "cli-policy", "--policy-version-id", "1");
        aws("delete-policy", "--policy-name", "cli-policy");
        assertThat(aws("list-policies").path("policies").toString()).doesNotContain("cli-policy");
    }

    @Test
    void thingGroupsAndTheirMembers() throws Exception {
        iot.createThingGroup(b -> b.thingGroupName("cli-building"));
        iot.createThing(b -> b.thingName("cli-heater"));
        aws("create-thing-group", "--thing-group-name", "cli-floor", "--parent-group-name", "cli-building");
        aws("add-thing-to-thing-group", "--thing-group-name", "cli-floor", "--thing-name", "cli-heater");
        assertThat(aws("list-things-in-thing-group", "--thing-group-name", "cli-building", "--recursive").path("things").get(0).asText())
                .isEqualTo("cli-heater");
        assertThat(aws("list-thing-groups-for-thing", "--thing-name", "cli-heater").path("thingGroups").findValuesAsText("groupName"))
                .as("its group and that group's ancestors").containsExactlyInAnyOrder("cli-floor", "cli-building");
        assertThat(aws("describe-thing-group", "--thing-group-name", "cli-floor").path("thingGroupMetadata").path("parentGroupName").asText())
                .isEqualTo("cli-building");
        assertThat(aws("list-thing-groups").path("thingGroups").toString()).contains("cli-building", "cli-floor");
        aws("remove-thing-from-thing-group", "--thing-group-name", "cli-floor", "--thing-name", "cli-heater");
        aws("delete-thing-group", "--thing-group-name", "cli-floor");
        refused(ResourceNotFoundException.class, 404, "Thing group cli-floor does not exist",
                () -> iot.describeThingGroup(b -> b.thingGroupName("cli-floor")));
    }

    @Test
    void testAuthorizationAnswersWhatTheAttachedPolicyAllows() throws Exception {
        String topic = "arn:aws:iot:us-east-1:000000000000:topic/cli/status";
        iot.createPolicy(b -> b.policyName("cli-publisher").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + topic + "\"}]}"));
        String certificateArn = iot.createKeysAndCertificate().certificateArn();
        iot.attachPolicy(b -> b.policyName("cli-publisher").target(certificateArn));
        JsonNode result = aws("test-authorization", "--principal", certificateArn, "--auth-infos", "actionType=PUBLISH,resources=" + topic)
                .path("authResults").get(0);
        assertThat(result.path("authDecision").asText()).isEqualTo("ALLOWED");
        assertThat(result.path("allowed").path("policies").findValuesAsText("policyName")).containsExactly("cli-publisher");
    }

    @Test
    void describeEndpointNamesTheEmulatorsHost() throws Exception {
        assertThat(aws("describe-endpoint", "--endpoint-type", "iot:Data-ATS").path("endpointAddress").asText()).isEqualTo("localhost");
    }

    @Test
    void aRefusalReachesTheCliWithItsErrorCodeAndMessage() throws Exception {
        assertThat(awsFails("describe-thing", "--thing-name", "cli-ghost"))
                .contains("(ResourceNotFoundException) when calling the DescribeThing operation: Thing cli-ghost does not exist");
    }

    @Test
    void theDataPlaneShadowsAndPublish() throws Exception {
        Path document = home.resolve("shadow.json");
        awsData("update-thing-shadow", "--thing-name", "cli-fan", "--shadow-name", "settings", "--payload", "{\"state\":{\"desired\":{\"speed\":3}}}", document.toString());
        assertThat(JSON.readTree(document.toFile()).path("version").asInt()).isEqualTo(1);
        awsData("get-thing-shadow", "--thing-name", "cli-fan", "--shadow-name", "settings", document.toString());
        assertThat(JSON.readTree(document.toFile()).at("/state/delta/speed").asInt()).isEqualTo(3);
        assertThat(awsData("list-named-shadows-for-thing", "--thing-name", "cli-fan").path("results").get(0).asText()).isEqualTo("settings");
        awsData("publish", "--topic", "cli/fan/speed", "--qos", "1", "--payload", "{\"speed\":3}");
        assertThat(running.get().journal().published()).extracting(dev.iotlocal.emulator.journal.MessagePublished::topic)
                .contains("cli/fan/speed");
        awsData("delete-thing-shadow", "--thing-name", "cli-fan", "--shadow-name", "settings", document.toString());
        assertThat(running.get().shadows().get("cli-fan", "settings")).isEmpty();
    }

    /** Runs {@code aws iot <operation>} and returns its JSON output; fails the test if the command fails. */
    private static JsonNode aws(String... arguments) throws Exception {
        Result result = run(arguments);
        assertThat(result.exitCode()).as("aws iot %s: %s", arguments[0], result.err()).isZero();
        return result.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.out());
    }

    /** Runs a command that must fail and returns what the CLI printed about it. */
    private static String awsFails(String... arguments) throws Exception {
        Result result = run(arguments);
        assertThat(result.exitCode()).as("aws iot %s should fail", arguments[0]).isNotZero();
        return result.err();
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "iot"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", running.get().endpoints().awsApiEndpoint().toString(), "--output", "json"));
        return run(command, arguments[0]);
    }

    /** Runs {@code aws iot-data <operation>} against the data endpoint, trusting the emulator CA; fails the test if it fails. */
    private static JsonNode awsData(String... arguments) throws Exception {
        Path ca = home.resolve("ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, running.get().certificates().caCertificatePem());
        }
        List<String> command = new ArrayList<>(List.of("aws", "iot-data"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", running.get().endpoints().dataEndpoint().toString(), "--ca-bundle", ca.toString(),
                "--output", "json"));
        if (awsCliVersion().startsWith("aws-cli/2")) {
            // version 2 reads blob arguments (the payloads) as base64 unless told otherwise; version 1 takes them raw
            command.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
        }
        Result result = run(command, arguments[0]);
        assertThat(result.exitCode()).as("aws iot-data %s: %s", arguments[0], result.err()).isZero();
        return result.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.out());
    }

    private static Result run(List<String> command, String operation) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", running.get().accountCredentials().accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", running.get().accountCredentials().secretAccessKey());
        environment.put("AWS_DEFAULT_REGION", running.get().config().region());
        environment.remove("AWS_SESSION_TOKEN");
        environment.remove("AWS_PROFILE");
        // no profile of the machine's user may change what the CLI sends
        environment.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        Path out = Files.createTempFile(home, "out", ".json");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + operation + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String awsCliVersion() {
        try {
            Process process = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
