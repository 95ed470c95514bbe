package dev.iotlocal.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.support.ControlPlane;
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
        assertThat(result.out()).contains("--mtls-port", "--data-dir", "--thing", "--retained-messages", "connection.json");
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
