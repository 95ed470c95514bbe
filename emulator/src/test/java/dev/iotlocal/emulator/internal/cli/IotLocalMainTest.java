package dev.iotlocal.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.EmulatorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.WssDevice;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(CrtResources.class)
class IotLocalMainTest {

    @TempDir
    Path dataDirectory;

    @Test
    void helpListsTheOptions() {
        Result result = run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--mtls-port", "--data-dir", "--thing", "--retained-messages", "connection.json",
                "--default-policy", "--no-default-policy", "--authenticated-role-policy", "--unauthenticated-role-policy");
    }

    @Test
    void badOptionIsOneClearLineAndExitCode2() {
        Result result = run("--mtls-port", "eighty");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Invalid value for option '--mtls-port'");
    }

    @Test
    void portInUseIsOneClearLineAndExitCode2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = run("--data-dir", dataDirectory.toString(), "--mtls-port", String.valueOf(taken.getLocalPort()), "--wss-port", "0", "--aws-api-port", "0");
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("already in use");
        }
    }

    @Test
    void provisioningWritesUsableFilesAndKeepsThemAcrossRestarts() throws IOException {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        ConnectionFile first;
        try (IotEmulator emulator = IotEmulator.start(config)) {
            first = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));
            first.writeTo(dataDirectory.resolve("connection.json"));
        }
        try (IotEmulator emulator = IotEmulator.start(config)) {
            ConnectionFile second = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));
            assertThat(second.devices().get(0).certificateId()).as("the certificate is reused").isEqualTo(first.devices().get(0).certificateId());

            ConnectionFile read = ConnectionFile.read(dataDirectory.resolve("connection.json"));
            assertThat(read.version()).isEqualTo(1);
            assertThat(read.region()).isEqualTo("us-east-1");
            assertThat(read.host()).isEqualTo("localhost");
            ConnectionFile.Device boiler = read.devices().get(0);
            DeviceCertificate fromFiles = new DeviceCertificate(boiler.certificateId(), boiler.thingName(),
                    Files.readString(Path.of(boiler.certificate())), Optional.of(Files.readString(Path.of(boiler.privateKey()))));
            try (Mqtt311Device device = Mqtt311Device.of(emulator, fromFiles, boiler.thingName())) {
                device.connect();
            }
            assertThat(Files.readString(Path.of(read.caCertificate()))).isEqualTo(emulator.certificates().caCertificatePem());
        }
    }

    @Test
    void theAccountKeyIsMadeOnceKeptInTheDataDirectoryAndNamedInTheConnectionFile() throws IOException {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        AccountCredentials first;
        try (IotEmulator emulator = IotEmulator.start(config)) {
            first = emulator.accountCredentials();
            ConnectionFile connection = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));
            assertThat(connection.iotEndpoint()).isEqualTo(emulator.endpoints().awsApiEndpoint().toString());
            assertThat(connection.accessKeyId()).isEqualTo(first.accessKeyId()).startsWith("AKIA");
            assertThat(connection.secretAccessKey()).isEqualTo(first.secretAccessKey());
        }
        try (IotEmulator emulator = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(emulator)) {
            assertThat(emulator.accountCredentials()).as("the same key after a restart").isEqualTo(first);
            assertThat(iot.describeEndpoint(b -> b.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo("localhost");
        }
        if (dataDirectory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("account-credentials.json")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aGivenAccountKeyIsTheAccountsKey() throws Exception {
        CommandLine commandLine = IotLocalMain.commandLine();

        commandLine.parseArgs("--access-key-id", "test", "--secret-access-key", "test");

        assertThat(((IotLocalMain) commandLine.getCommand()).config().accountCredentials())
                .hasValue(new AccountCredentials("test", "test"));
    }

    @Test
    void anAccessKeyIdWithoutItsSecretIsRefusedWithExitCode2() {
        Result result = run("--data-dir", dataDirectory.toString(), "--access-key-id", "test");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--access-key-id and --secret-access-key go together");
    }

    @Test
    void configFileProvidesDefaultsAndTheCommandLineWins() throws IOException {
        Path file = dataDirectory.resolve("iot-local.properties");
        Files.writeString(file, "mtls-port=18883\nregion=eu-west-1\nuser=alice:secret,bob:hunter2\ndisable-rule=qos2,reserved_topics\n");
        CommandLine commandLine = IotLocalMain.commandLine();

        commandLine.parseArgs("--config", file.toString(), "--mtls-port", "28883");

        IotLocalMain main = commandLine.getCommand();
        assertThat(main.mtlsPort).as("the command line wins").isEqualTo(28883);
        assertThat(main.region).isEqualTo("eu-west-1");
        assertThat(main.users).containsExactly("alice:secret", "bob:hunter2");
        assertThat(main.disabledRules).containsExactly("qos2", "reserved_topics");
        assertThat(main.rules().qos2Refused()).isFalse();
        assertThat(main.rules().reservedTopics()).isFalse();
        assertThat(main.rules().topicLimits()).as("the others stay on").isTrue();
    }

    @Test
    void verboseInAConfigFileLogsEveryMessageAsDashVDoes() throws Exception {
        Path file = dataDirectory.resolve("iot-local.properties");
        Files.writeString(file, "verbose=true\nplain-tcp-port=0\nmtls-port=0\nwss-port=0\naws-api-port=0\ndata-dir="
                + dataDirectory.toString().replace("\\", "/") + "\n");
        try (Standalone process = Standalone.start("--config", file.toString())) {
            Matcher port = process.awaitLine(Pattern.compile("plain MQTT \\(debug!\\)\\s+localhost:(\\d+)"));
            try (RawMqttClient client = RawMqttClient.openPlain("localhost", Integer.parseInt(port.group(1)), false)) {
                assertThat(client.connect("chatty", 60).connackCode()).isZero();
                client.publish("verbose/check", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
                client.read();
            }
            process.awaitLine(Pattern.compile("'chatty' published to 'verbose/check'"));

            assertThat(process.stop()).as("a clean stop on SIGTERM").isZero();
        }
    }

    @Test
    void aThingCreatedWithWhatTheStandaloneEmulatorNamesIsThereAfterARestart() throws Exception {
        String[] arguments = {"--data-dir", dataDirectory.toString(), "--mtls-port", "0", "--wss-port", "0", "--aws-api-port", "0"};
        String thingId;
        try (Standalone process = Standalone.start(arguments); IotClient iot = iotClientFromBannerAndConnectionFile(process)) {
            thingId = iot.createThing(b -> b.thingName("standalone").attributePayload(a -> a.attributes(Map.of("floor", "3")))).thingId();

            assertThat(process.stop()).as("a clean stop on SIGTERM").isZero();
        }
        try (Standalone process = Standalone.start(arguments); IotClient iot = iotClientFromBannerAndConnectionFile(process)) {
            DescribeThingResponse thing = iot.describeThing(b -> b.thingName("standalone"));

            assertThat(thing.thingId()).isEqualTo(thingId);
            assertThat(thing.attributes()).isEqualTo(Map.of("floor", "3"));
        }
    }

    @Test
    void theBannerAndTheConnectionFileShowTheDefaultPolicyAndWhatItAllows() throws Exception {
        try (IotEmulator emulator = IotEmulator.start(parse().config())) {
            ConnectionFile connection = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));
            JsonNode written = Json.MAPPER.readTree(connection.writeTo(dataDirectory.resolve("connection.json")).toFile());

            assertThat(written.get("defaultPolicyName").asText()).isEqualTo(PolicyConfig.DEFAULT_POLICY_NAME);
            assertThat(written.get("defaultPolicyDocument").asText()).isEqualTo(PolicyConfig.DEFAULT_POLICY_DOCUMENT);
            assertThat(Banner.render(emulator, connection, dataDirectory.resolve("connection.json"))).contains("""
                      default policy         iot-local-default (attached to the --thing certificates and the users' Cognito identities):
                                             Allow iot:Connect, iot:Publish, iot:RetainPublish, iot:Subscribe, iot:Receive and 6 more on *
                    """).doesNotContain("switched off");
        }
    }

    @Test
    void aDefaultPolicyFileIsTheDocumentOfTheDefaultPolicyTheThingsCertificatesHave() throws Exception {
        String document = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "arn:aws:iot:us-east-1:000000000000:topic/dt/*"}]}
                """;
        Path file = Files.writeString(dataDirectory.resolve("device-policy.json"), document);
        try (IotEmulator emulator = IotEmulator.start(parse("--default-policy", file.toString()).config());
             IotClient iot = ControlPlane.iotClient(emulator)) {
            ConnectionFile connection = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));
            String certificateArn = iot.describeCertificate(b -> b.certificateId(connection.devices().get(0).certificateId()))
                    .certificateDescription().certificateArn();

            assertThat(iot.listAttachedPolicies(b -> b.target(certificateArn)).policies())
                    .extracting(Policy::policyName).containsExactly(PolicyConfig.DEFAULT_POLICY_NAME);
            assertThat(iot.getPolicy(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME)).policyDocument()).isEqualTo(document);
            assertThat(connection.defaultPolicyDocument()).isEqualTo(document);
            assertThat(Banner.render(emulator, connection, dataDirectory.resolve("connection.json"))).contains("""
                                             Allow iot:Connect on client/${iot:Connection.Thing.ThingName}
                                             Allow iot:Publish, iot:Receive on topic/dt/*
                    """);
        }
    }

    @Test
    void noDefaultPolicyLeavesTheThingsCertificatesWithoutAPolicySoTheirConnectIsRefused() throws Exception {
        try (IotEmulator emulator = IotEmulator.start(parse("--no-default-policy").config())) {
            ConnectionFile connection = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));
            JsonNode written = Json.MAPPER.readTree(connection.writeTo(dataDirectory.resolve("connection.json")).toFile());
            ConnectionFile.Device boiler = connection.devices().get(0);
            DeviceCertificate fromFiles = new DeviceCertificate(boiler.certificateId(), boiler.thingName(),
                    Files.readString(Path.of(boiler.certificate())), Optional.of(Files.readString(Path.of(boiler.privateKey()))));

            try (Mqtt5Device device = Mqtt5Device.of(emulator, fromFiles, "boiler")) {
                assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                        assertThat(refusal.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
            }
            assertThat(written.has("defaultPolicyName")).as("the field is there, null").isTrue();
            assertThat(written.get("defaultPolicyName").isNull()).isTrue();
            assertThat(written.get("defaultPolicyDocument").isNull()).isTrue();
            assertThat(Banner.render(emulator, connection, dataDirectory.resolve("connection.json")))
                    .contains("  default policy         none (--no-default-policy): attach a policy to each certificate and identity with AttachPolicy\n");
        }
    }

    @Test
    void withoutTheDefaultPolicyAThingsCertificateDoesWhatThePolicyAttachedToItAllows() throws Exception {
        try (IotEmulator emulator = IotEmulator.start(parse("--no-default-policy").config());
             IotClient iot = ControlPlane.iotClient(emulator)) {
            ConnectionFile.Device thermostat = Provisioning.provision(emulator, dataDirectory, List.of("thermostat")).devices().get(0);
            String certificateId = thermostat.certificateId();
            // tag::attach-policy[]
            iot.createPolicy(b -> b.policyName("thermostat-policy").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "iot:Connect",
                       "Resource": "arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}"},
                      {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                       "Resource": "arn:aws:iot:us-east-1:000000000000:topic/dt/${iot:Connection.Thing.ThingName}/*"},
                      {"Effect": "Allow", "Action": "iot:Subscribe",
                       "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/dt/${iot:Connection.Thing.ThingName}/*"}]}
                    """));
            String certificateArn = iot.describeCertificate(b -> b.certificateId(certificateId)).certificateDescription().certificateArn();
            iot.attachPolicy(b -> b.policyName("thermostat-policy").target(certificateArn));   // or a Cognito identity id
            // end::attach-policy[]
            DeviceCertificate fromFiles = new DeviceCertificate(certificateId, thermostat.thingName(),
                    Files.readString(Path.of(thermostat.certificate())), Optional.of(Files.readString(Path.of(thermostat.privateKey()))));

            try (Mqtt311Device device = Mqtt311Device.of(emulator, fromFiles, "thermostat")) {
                device.connect();
                device.subscribe("dt/thermostat/#", QualityOfService.AT_LEAST_ONCE);
                device.publish("dt/thermostat/temp", "21", QualityOfService.AT_LEAST_ONCE);

                assertThat(device.nextMessage().getTopic()).isEqualTo("dt/thermostat/temp");
            }
            assertThat(emulator.journal().denials()).isEmpty();
        }
    }

    @Test
    void theBannerSaysWhenPoliciesAreSwitchedOff() throws Exception {
        try (IotEmulator emulator = IotEmulator.start(parse("--disable-rule", "policies").config())) {
            ConnectionFile connection = Provisioning.provision(emulator, dataDirectory, List.of("boiler"));

            assertThat(Banner.render(emulator, connection, dataDirectory.resolve("connection.json")))
                    .contains("  policies               switched off (--disable-rule policies): no policy denies anything\n");
        }
    }

    @Test
    void anAuthenticatedRolePolicyFileScopesWhatTheUsersIdentitiesMayDo() throws Exception {
        Path file = Files.writeString(dataDirectory.resolve("authenticated-role.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"},
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:us-east-1:000000000000:topicfilter/commands/*"}]}
                """);
        try (IotEmulator emulator = IotEmulator.start(parse("--authenticated-role-policy", file.toString()).config());
             CredentialsProvider credentials = WssDevice.credentialsProvider(SeedFlow.run(emulator, "demo", "demo-password"));
             Mqtt5Device server = WssDevice.mqtt5(emulator, credentials, "demo-server")) {
            server.connect();

            assertThat(server.subscribe("commands/#", QOS.AT_LEAST_ONCE).getReasonCodes())
                    .containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
            assertThat(server.subscribe("telemetry/#", QOS.AT_LEAST_ONCE).getReasonCodes())
                    .containsExactly(SubAckPacket.SubAckReasonCode.NOT_AUTHORIZED);
            assertThat(emulator.journal().denials()).singleElement().satisfies(denial -> {
                assertThat(denial.resourceName()).isEqualTo("topicfilter/telemetry/#");
                assertThat(denial.allowedBy()).as("the identity's IoT policy allows it; the role does not")
                        .containsExactly(PolicyConfig.DEFAULT_POLICY_NAME);
            });
        }
    }

    @Test
    void anUnauthenticatedRolePolicyFileIsAllAGuestIdentityHas() throws Exception {
        Path file = Files.writeString(dataDirectory.resolve("unauthenticated-role.json"), """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:000000000000:client/guest-*"}]}
                """);
        try (IotEmulator emulator = IotEmulator.start(parse("--unauthenticated-role-policy", file.toString()).config());
             CredentialsProvider credentials = WssDevice.credentialsProvider(SeedFlow.unauthenticated(emulator));
             Mqtt5Device guest = WssDevice.mqtt5(emulator, credentials, "guest-1");
             Mqtt5Device intruder = WssDevice.mqtt5(emulator, credentials, "admin")) {
            guest.connect();

            assertThatThrownBy(intruder::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                    assertThat(refusal.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
        }
    }

    @Test
    void aPolicyFileThatIsNoPolicyDocumentIsOneClearLineNamingTheFileAndExitCode2() throws IOException {
        Path file = Files.writeString(dataDirectory.resolve("no-resource.json"),
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iot:Connect\"}]}");

        Result result = run("--data-dir", dataDirectory.toString(), "--default-policy", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Invalid value for option '--default-policy': " + file
                + ": The default policy is not a valid policy document: ").contains("Resource");
    }

    @Test
    void aPolicyFileThatIsNotThereIsNamedWithExitCode2() {
        Path missing = dataDirectory.resolve("missing-role.json");

        Result result = run("--data-dir", dataDirectory.toString(), "--authenticated-role-policy", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Invalid value for option '--authenticated-role-policy': " + missing + ": there is no such file");
    }

    @Test
    void aDefaultPolicyAndNoDefaultPolicyTogetherAreRefusedWithExitCode2() throws IOException {
        Path file = Files.writeString(dataDirectory.resolve("policy.json"), PolicyConfig.DEFAULT_POLICY_DOCUMENT);

        Result result = run("--data-dir", dataDirectory.toString(), "--default-policy", file.toString(), "--no-default-policy");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("--default-policy and --no-default-policy exclude each other");
    }

    /** The options as the command line parses them, on free ports and this test's data directory. */
    private IotLocalMain parse(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDirectory.toString(), "--mtls-port", "0", "--wss-port", "0",
                "--aws-api-port", "0"));
        all.addAll(List.of(args));
        CommandLine commandLine = IotLocalMain.commandLine();
        commandLine.parseArgs(all.toArray(String[]::new));
        return commandLine.getCommand();
    }

    /** An {@code IotClient} as a script makes one: the endpoint the banner prints, the key connection.json holds. */
    private IotClient iotClientFromBannerAndConnectionFile(Standalone process) throws IOException {
        Matcher banner = process.awaitLine(Pattern.compile("IotClient / aws iot\\s+endpointOverride (\\S+), signed with the account's key:\\n"
                + "\\s+export AWS_ACCESS_KEY_ID=(\\S+) AWS_SECRET_ACCESS_KEY=(\\S+) AWS_REGION=(\\S+)"));
        ConnectionFile connection = ConnectionFile.read(dataDirectory.resolve("connection.json"));
        assertThat(connection.iotEndpoint()).as("connection.json's iotEndpoint").isEqualTo(banner.group(1));
        assertThat(connection.accessKeyId()).as("connection.json's accessKeyId").isEqualTo(banner.group(2));
        assertThat(connection.secretAccessKey()).as("connection.json's secretAccessKey").isEqualTo(banner.group(3));
        return ControlPlane.iotClient(URI.create(connection.iotEndpoint()), banner.group(4), connection.accessKeyId(),
                connection.secretAccessKey());
    }

    /** {@code IotLocalMain} in a JVM of its own, as {@code java -jar} runs it, its output collected as it comes. */
    private static final class Standalone implements AutoCloseable {

        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Standalone(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        output.append(line).append('\n');
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.start();
        }

        static Standalone start(String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), IotLocalMain.class.getName()));
            command.addAll(List.of(arguments));
            return new Standalone(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Waits until the output so far matches {@code pattern}; the match, for its groups. */
        Matcher awaitLine(Pattern pattern) {
            return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pattern.matcher(output), Matcher::find);
        }

        /** Stops the process as Ctrl+C or a service manager does (SIGTERM) and waits for it; its exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            reader.join(5_000);
            return process.exitValue();
        }

        /** Stops what a test did not stop itself, forcibly if it does not stop in time, so no JVM outlives the test. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(5_000);
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = IotLocalMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        java.io.PrintStream systemErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int exitCode = commandLine.execute(args);
            return new Result(exitCode, out.toString(), err + captured.toString());
        } finally {
            System.setErr(systemErr);
        }
    }

    private record Result(int exitCode, String out, String err) {}
}
