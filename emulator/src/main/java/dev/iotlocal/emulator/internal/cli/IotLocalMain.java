package dev.iotlocal.emulator.internal.cli;

import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.identity.KeyAlgorithm;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.cognito.CognitoConfig;
import dev.iotlocal.emulator.cognito.User;
import dev.iotlocal.emulator.internal.rules.Rule;
import dev.iotlocal.emulator.internal.rules.RuleBook;
import dev.iotlocal.emulator.journal.JournalConfig;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Runs the emulator as a standalone local AWS IoT Core: starts it, provisions things, writes the connection
 * file, prints the endpoints and stops cleanly on SIGINT or SIGTERM.
 */
@Command(name = "iot-local", mixinStandardHelpOptions = true, versionProvider = IotLocalMain.Version.class, sortOptions = false,
        description = {"A local, offline stand-in for AWS IoT Core.",
                "Devices connect over mutual TLS with certificates it issues, servers over WSS signed with credentials from its "
                        + "Cognito and auth Lambda; it enforces AWS IoT's rules."},
        footer = {"", "Files go to the data directory: ca.pem (trust it), things/<thing>/ (certificate and key), "
                + "account.json (things, certificates, groups, policies), account-credentials.json (the account's key) "
                + "and connection.json (every endpoint, path and the key, for scripts)."})
public final class IotLocalMain implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the CA, the account (things, certificates, policies) and connection.json are kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDirectory = Path.of("iot-local-data");

    @Option(names = "--thing", paramLabel = "NAME", split = ",", description = "A thing to provision with a certificate; repeatable (default: ${DEFAULT-VALUE}).")
    List<String> things = new ArrayList<>(List.of("iot-local-device"));

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
    String bindAddress = "127.0.0.1";

    @Option(names = "--host", paramLabel = "NAME", description = "Host name clients use; it is in the server certificate (default: ${DEFAULT-VALUE}).")
    String host = "localhost";

    @Option(names = "--host-name", paramLabel = "NAME", split = ",", description = "A further host name or IP address for the server certificate; repeatable.")
    List<String> extraHostNames = new ArrayList<>();

    @Option(names = "--mtls-port", paramLabel = "PORT", description = "Mutual-TLS MQTT port, AWS IoT's 8883 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int mtlsPort = 8883;

    @Option(names = "--wss-port", paramLabel = "PORT", description = "MQTT-over-WebSocket port with SigV4, AWS IoT's 443 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int wssPort = 8443;

    @Option(names = "--aws-api-port", paramLabel = "PORT", description = "AWS API endpoint for Cognito Identity and the auth Lambda (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int awsApiPort = 4567;

    @Option(names = "--plain-tcp-port", paramLabel = "PORT", description = "Also open an unauthenticated plain-TCP MQTT port, for debugging only.")
    Integer plainTcpPort;

    @Option(names = "--access-key-id", paramLabel = "KEY",
            description = "The account administrator's access key id for AWS IoT control-plane requests (default: one made once and kept in the data directory).")
    String accessKeyId;

    @Option(names = "--secret-access-key", paramLabel = "SECRET", description = "Its secret; give both or neither.")
    String secretAccessKey;

    @Option(names = "--created-key-algorithm", paramLabel = "ALGORITHM",
            description = "The key pairs CreateKeysAndCertificate makes: RSA_2048 (as AWS, about 100 ms each) or EC_P256 (about 1 ms, for large fleets) (default: ${DEFAULT-VALUE}).")
    KeyAlgorithm createdKeyAlgorithm = KeyAlgorithm.RSA_2048;

    @Option(names = "--region", description = "AWS region to play (default: ${DEFAULT-VALUE}).")
    String region = EmulatorConfig.DEFAULT_REGION;

    @Option(names = "--account-id", paramLabel = "ID", description = "AWS account id to play (default: ${DEFAULT-VALUE}).")
    String accountId = EmulatorConfig.DEFAULT_ACCOUNT_ID;

    @Option(names = "--retained-messages", paramLabel = "PROFILE",
            description = "NOT_SUPPORTED (AWS IoT before 2021, the default), AWS (today's AWS IoT) or MQTT (plain MQTT).")
    RetainedMessages retainedMessages = RetainedMessages.NOT_SUPPORTED;

    @Option(names = "--plain-mqtt", description = "Switch every AWS IoT rule off and behave like a plain MQTT broker.")
    boolean plainMqtt;

    @Option(names = "--disable-rule", paramLabel = "RULE", split = ",", completionCandidates = RuleTokens.class,
            description = "Switch one AWS IoT rule off; repeatable. One of: ${COMPLETION-CANDIDATES}.")
    List<String> disabledRules = new ArrayList<>();

    @Option(names = "--default-policy", paramLabel = "FILE",
            description = "A JSON policy document for the default policy " + PolicyConfig.DEFAULT_POLICY_NAME + ", which the --thing "
                    + "certificates and the users' Cognito identities get (default: every MQTT and shadow action on any resource).")
    Path defaultPolicy;

    @Option(names = "--no-default-policy",
            description = "No default policy: the --thing certificates and the users' identities are denied until a policy is attached to them.")
    boolean noDefaultPolicy;

    @Option(names = "--authenticated-role-policy", paramLabel = "FILE",
            description = "The IAM policy of the identity pool's authenticated role, which must allow too what an identity's IoT policies allow (default: iot:*).")
    Path authenticatedRolePolicy;

    @Option(names = "--unauthenticated-role-policy", paramLabel = "FILE",
            description = "The IAM policy of the identity pool's unauthenticated role, the only policy of guest identities (default: iot:*).")
    Path unauthenticatedRolePolicy;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD", split = ",", description = "A user the auth Lambda logs in; repeatable (default: demo:demo-password).")
    List<String> users = new ArrayList<>();

    @Option(names = "--identity-pool-id", paramLabel = "ID", description = "Cognito identity pool id, <region>:<guid> (default: derived from the region).")
    String identityPoolId;

    @Option(names = "--no-unauthenticated-identities", description = "Refuse unauthenticated Cognito identities (the seed flow needs them).")
    boolean noUnauthenticatedIdentities;

    @Option(names = "--user-pool-id", paramLabel = "ID", description = "Cognito user pool id, <region>_<id> (default: derived from the region).")
    String userPoolId;

    @Option(names = "--app-client-id", paramLabel = "ID", description = "The user pool's app client id (default: ${DEFAULT-VALUE}).")
    String appClientId = CognitoConfig.DEFAULT_APP_CLIENT_ID;

    @Option(names = "--auth-function", paramLabel = "NAME", description = "The auth Lambda's function name (default: ${DEFAULT-VALUE}).")
    String authFunctionName = CognitoConfig.DEFAULT_AUTH_FUNCTION_NAME;

    @Option(names = "--credential-lifetime", paramLabel = "DURATION", description = "How long issued AWS credentials live, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration credentialLifetime = Duration.ofHours(1);

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with any of these options, named without '--' (e.g. mtls-port=8883); the command line wins.")
    Path configFile;

    @Option(names = "--journal-size", paramLabel = "ENTRIES",
            description = "How many journal entries (violations, lifecycle events) to keep; the oldest go first (default: ${DEFAULT-VALUE}).")
    int journalSize = JournalConfig.DEFAULT_MAXIMUM_ENTRIES;

    @Option(names = {"-v", "--verbose"}, description = "Also log every message published and delivered, like mosquitto -v.")
    boolean verbose;

    /** The {@code --disable-rule} tokens, one per AWS IoT rule that can be switched off. */
    static final class RuleTokens implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return RuleBook.of(AwsIotRules.strict()).all().stream().map(Rule::cliToken).iterator();
        }
    }

    /** Runs the emulator until SIGINT or SIGTERM. */
    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        IotLocalMain main = commandLine.getCommand();
        // once the options are parsed (so that verbose=true in a --config file counts as -v), before the first logger
        commandLine.setExecutionStrategy(parsed -> {
            StandaloneLogging.configure(main.verbose);
            return new CommandLine.RunLast().execute(parsed);
        });
        int exitCode = commandLine.execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line, reading defaults from the {@code --config} file when one is given. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new IotLocalMain()).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setDefaultValueProvider(new ConfigFileDefaults(commandLine));
        return commandLine;
    }

    /** The AWS IoT rules the options ask for: {@code --plain-mqtt}, {@code --retained-messages}, then each {@code --disable-rule}. */
    AwsIotRules rules() {
        AwsIotRules.Builder rules = (plainMqtt ? AwsIotRules.plainMqtt() : AwsIotRules.strict()).toBuilder()
                .retainedMessages(plainMqtt ? RetainedMessages.MQTT : retainedMessages);
        RuleBook book = RuleBook.of(AwsIotRules.strict());
        for (String token : disabledRules) {
            book.byCliToken(token)
                    .orElseThrow(() -> new CommandLine.ParameterException(commandLine(), "Invalid value for option '--disable-rule': '" + token
                            + "' is not one of " + String.join(", ", new RuleTokens())))
                    .switchOff(rules);
        }
        return rules.build();
    }

    /** The emulator configuration the options describe. */
    EmulatorConfig config() throws UnknownHostException {
        AwsIotRules rules = rules();
        InetAddress bind = InetAddress.getByName(bindAddress);
        EmulatorConfig.Builder config = EmulatorConfig.builder()
                .region(region)
                .accountId(accountId)
                .dataDirectory(dataDirectory)
                .createdKeyAlgorithm(createdKeyAlgorithm)
                .rules(rules)
                .listeners(listeners -> {
                    listeners.host(host).bindAddress(bind).mtlsPort(mtlsPort).wssPort(wssPort).awsApiPort(awsApiPort);
                    extraHostNames.forEach(listeners::addHostName);
                    if (plainTcpPort != null) {
                        listeners.plainTcpPort(plainTcpPort);
                    }
                })
                .cognito(cognito -> {
                    cognito.allowUnauthenticatedIdentities(!noUnauthenticatedIdentities)
                            .appClientId(appClientId)
                            .authFunctionName(authFunctionName)
                            .credentialLifetime(credentialLifetime);
                    if (identityPoolId != null) {
                        cognito.identityPoolId(identityPoolId);
                    }
                    if (userPoolId != null) {
                        cognito.userPoolId(userPoolId);
                    }
                    if (!users.isEmpty()) {
                        cognito.users(users.stream().map(IotLocalMain::user).toArray(User[]::new));
                    }
                })
                .journal(journal -> journal.maximumEntries(journalSize))
                .policies(this::policies);
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new CommandLine.ParameterException(commandLine(), "--access-key-id and --secret-access-key go together");
        }
        if (accessKeyId != null) {
            try {
                config.accountCredentials(new AccountCredentials(accessKeyId, secretAccessKey));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine(), e.getMessage());
            }
        }
        return config.build();
    }

    @Override
    public Integer call() throws Exception {
        EmulatorConfig config = config();
        PrintWriter out = new PrintWriter(System.out, true);
        if (!config.listeners().bindAddress().isLoopbackAddress()) {
            out.println("WARNING: listening on " + bindAddress + ": other machines can reach this emulator.");
        }

        IotEmulator emulator;
        try {
            emulator = IotEmulator.start(config);
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("iot-local: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int exitCode = 1;
            try {
                emulator.close();
                stopped.countDown();
                out.println("IoT Local stopped.");
                exitCode = 0;
            } finally {
                // a signal would otherwise make the JVM exit with 128+signal; a clean stop is exit code 0
                out.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        }, "iot-local-shutdown"));

        ConnectionFile connectionFile = Provisioning.provision(emulator, dataDirectory, things);
        Path written = connectionFile.writeTo(dataDirectory.resolve("connection.json"));
        out.println(Banner.render(emulator, connectionFile, written));
        stopped.await();
        return 0;
    }

    /** The policy options; a file that cannot be read, or holds no valid policy document, is a bad option value. */
    private void policies(PolicyConfig.Builder policies) {
        if (noDefaultPolicy && defaultPolicy != null) {
            throw new CommandLine.ParameterException(commandLine(), "--default-policy and --no-default-policy exclude each other");
        }
        if (noDefaultPolicy) {
            policies.noDefaultPolicy();
        }
        policyFile("--default-policy", defaultPolicy, policies::defaultPolicy);
        policyFile("--authenticated-role-policy", authenticatedRolePolicy, policies::authenticatedRolePolicy);
        policyFile("--unauthenticated-role-policy", unauthenticatedRolePolicy, policies::unauthenticatedRolePolicy);
    }

    private static void policyFile(String option, Path file, Consumer<String> setting) {
        if (file == null) {
            return;
        }
        String invalid = "Invalid value for option '" + option + "': " + file + ": ";
        String document;
        try {
            document = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(commandLine(), invalid + "there is no such file");
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine(), invalid + "it cannot be read as UTF-8 text (" + e + ")");
        }
        try {
            setting.accept(document);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine(), invalid + e.getMessage());
        }
    }

    private static User user(String nameAndPassword) {
        int colon = nameAndPassword.indexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(commandLine(), "--user takes NAME:PASSWORD, not '" + nameAndPassword + "'");
        }
        return new User(nameAndPassword.substring(0, colon), nameAndPassword.substring(colon + 1));
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = IotLocalMain.class.getPackage().getImplementationVersion();
            return new String[] {"IoT Local " + (version == null ? "(development build)" : version)};
        }
    }
}
