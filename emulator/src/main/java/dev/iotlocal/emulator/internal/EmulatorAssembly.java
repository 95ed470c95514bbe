package dev.iotlocal.emulator.internal;

import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.EmulatorFaults;
import dev.iotlocal.emulator.Endpoints;
import dev.iotlocal.emulator.ListenerConfig;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.internal.aws.AwsApiServer;
import dev.iotlocal.emulator.internal.aws.AwsServices;
import dev.iotlocal.emulator.internal.aws.IotDataPlane;
import dev.iotlocal.emulator.internal.broker.BrokerControl;
import dev.iotlocal.emulator.internal.broker.BrokerExtension;
import dev.iotlocal.emulator.internal.broker.RetainedTimes;
import dev.iotlocal.emulator.internal.broker.EmbeddedBroker;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.gateway.DoorTickets;
import dev.iotlocal.emulator.internal.gateway.ListenerDoor;
import dev.iotlocal.emulator.internal.gateway.MutualTlsDoor;
import dev.iotlocal.emulator.internal.gateway.PlainTcpDoor;
import dev.iotlocal.emulator.internal.gateway.WebSocketDoor;
import dev.iotlocal.emulator.internal.identity.AccountKeys;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.identity.UserPoolTokens;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.TlsIdentity;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.internal.rules.PacketSizeLimit;
import dev.iotlocal.emulator.internal.rules.RuleBook;
import dev.iotlocal.emulator.internal.rules.WebSocketTimeToLive;
import dev.iotlocal.emulator.internal.shadow.MqttShadowRequests;
import dev.iotlocal.emulator.internal.shadow.ShadowService;
import dev.iotlocal.emulator.shadow.DeviceShadows;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.util.Ports;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.EmulatorJournal;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running emulator's parts and how they are wired: the one journal, credential registry, account (with its
 * certificates) and SigV4 verifier; the broker with its doors; the WSS door; the AWS API endpoint. {@code IotEmulator} is its
 * public face. Thread-safe.
 */
public final class EmulatorAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.emulator.IotEmulator");
    private static final Duration RESET_TIMEOUT = Duration.ofSeconds(5);

    private final Endpoints endpoints;
    private final AccountRegistry account;
    private final AccountCredentials administrator;
    private final CredentialRegistry credentials;
    private final InMemoryJournal journal;
    private final Faults faults;
    private final ShadowService shadows;
    private final RetainedTimes retainedMessages;
    private final List<AutoCloseable> components;
    private final int internalBrokerPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmulatorAssembly(Endpoints endpoints, AccountRegistry account, AccountCredentials administrator,
                             CredentialRegistry credentials, InMemoryJournal journal,
                             Faults faults, ShadowService shadows, RetainedTimes retainedMessages, List<AutoCloseable> components,
                             int internalBrokerPort) {
        this.shadows = shadows;
        this.retainedMessages = retainedMessages;
        this.endpoints = endpoints;
        this.account = account;
        this.administrator = administrator;
        this.credentials = credentials;
        this.journal = journal;
        this.faults = faults;
        this.components = components;
        this.internalBrokerPort = internalBrokerPort;
    }

    /**
     * Starts every part and returns once every listener accepts connections.
     *
     * @throws IllegalStateException if a fixed port is in use or a part cannot start
     */
    public static EmulatorAssembly start(EmulatorConfig config) {
        long started = System.nanoTime();
        Clock clock = Clock.systemUTC();
        ListenerConfig listeners = config.listeners();
        // fixed ports are checked before anything starts; free ones are bound by the door and WireMock themselves
        requireFree(listeners, listeners.wssPort(), "WSS listener");
        requireFree(listeners, listeners.awsApiPort(), "AWS API endpoint");
        requireFree(listeners, listeners.awsApiHttpsPort().orElse(0), "AWS API HTTPS endpoint");
        int awsApiHttpsPort = listeners.awsApiHttpsPort().orElse(-1);

        InMemoryJournal journal = new InMemoryJournal(config.journal().maximumEntries());
        CredentialRegistry credentials = new CredentialRegistry(clock, config.cognito().credentialLifetime());
        SigV4Verifier verifier = new SigV4Verifier(clock);
        DoorTickets tickets = new DoorTickets(clock);

        // Keys, certificates and the AWS API endpoint are made on their own threads while HiveMQ boots; the AWS
        // API endpoint waits for the certificates only when it has an HTTPS port. The user pool's RSA key is made
        // once everything listens (see UserPoolTokens.generateKeyInBackground).
        UserPoolTokens userPool = new UserPoolTokens(config.region(), config.userPoolId(), config.cognito().appClientId(),
                config.cognito().users(), clock);
        List<String> userIdentities = config.cognito().users().stream()
                .map(user -> userPool.identityIdOf(config.identityPoolId(), user.username())).toList();
        CompletableFuture<Pki> pki = CompletableFuture.supplyAsync(() -> Pki.create(config, userIdentities), runOnOwnThread("iot-local-pki"));
        // TestAuthorization uses the evaluator whether or not the broker does
        CompletableFuture<PolicyEvaluator> evaluator = pki.thenApply(made -> new PolicyEvaluator(made.account(), config.policies(),
                config.identityPoolId(), userPool.providerName(), listeners.host(), journal, clock));
        CompletableFuture<Optional<PolicyEvaluator>> policies = evaluator.thenApply(made -> config.rules().policyEvaluation()
                ? Optional.of(made) : Optional.empty());
        CompletableFuture<TlsIdentity> awsApiTls = awsApiHttpsPort >= 0
                ? pki.thenApply(Pki::tlsIdentity)
                : CompletableFuture.completedFuture(null);
        AccountCredentials administrator = AccountKeys.resolve(config);
        CompletableFuture<IotDataPlane> dataPlaneMade = new CompletableFuture<>();
        CompletableFuture<AwsApiServer> awsApi = awsApiTls.thenApplyAsync(tls -> AwsApiServer.start(
                listeners.bindAddress().getHostAddress(), listeners.awsApiPort(), awsApiHttpsPort, tls,
                AwsServices.create(config, userPool, credentials, verifier, () -> join(pki).account(), () -> join(evaluator),
                        administrator, dataPlaneMade)),
                runOnOwnThread("iot-local-aws-api-start"));
        List<AutoCloseable> running = new ArrayList<>();
        try {
            ShadowService shadows = new ShadowService(config.dataDirectory().orElse(null), journal, clock);
            running.add(shadows);
            MqttShadowRequests shadowRequests = new MqttShadowRequests(shadows);
            running.add(0, shadowRequests);
            StartedBroker broker = startBroker(config, pki, policies, tickets, journal, clock, shadowRequests);
            shadows.publishTo(broker.extension().publisher()::publishAtLeastOnce);
            running.add(0, broker.broker());
            // closed after the AWS API endpoint, the only part that changes it, so its last save is complete
            running.add(0, join(pki).account());
            // a certificate that leaves ACTIVE loses its live connections, as in AWS IoT
            join(pki).account().onCertificateDeactivated(broker.extension().control()::disconnectCertificate);
            IotDataPlane dataPlane = new IotDataPlane(new IotDataPlane.Settings(config.region(), config.accountId(),
                    administrator.accessKeyId(), config.cognito().acceptForeignCredentials(), config.rules(), join(policies)),
                    verifier, AccountKeys.lookup(administrator, credentials), credentials, shadows, shadowRequests,
                    broker.extension().publisher(), broker.extension().retainedMessages(), journal, clock);
            dataPlaneMade.complete(dataPlane);
            WebSocketDoor door = WebSocketDoor.start(
                    new WebSocketDoor.Settings(listeners.bindAddress(), listeners.wssPort(), broker.internalPort(), config.region(),
                            config.accountId(), WebSocketTimeToLive.timeToLive(config.rules()),
                            PacketSizeLimit.maximumPacketBytes(config.rules()), config.cognito().acceptForeignCredentials()),
                    pki.join().doorTls(), verifier, credentials, tickets, journal, clock, dataPlane);
            running.add(0, door);
            AwsApiServer api = join(awsApi);
            running.add(0, api);
            if (broker.plainTcpPort() >= 0) {
                LOG.warn("The plain-TCP listener on port {} accepts clients without any identity; AWS IoT has no such door",
                        broker.plainTcpPort());
            }
            String host = hostForUri(listeners.host());
            Endpoints endpoints = new Endpoints(listeners.host(), broker.mtlsPort(), door.port(), URI.create("http://" + host + ":" + api.port()),
                    awsApiHttpsPort >= 0 ? Optional.of(URI.create("https://" + host + ":" + api.httpsPort())) : Optional.empty(),
                    broker.plainTcpPort() >= 0 ? OptionalInt.of(broker.plainTcpPort()) : OptionalInt.empty());
            LOG.info("IoT Local started in {} ms: mutual TLS on {}:{}, WSS and the HTTPS data plane on {}, AWS API at {}",
                    (System.nanoTime() - started) / 1_000_000, listeners.host(), broker.mtlsPort(), door.port(), endpoints.awsApiEndpoint());
            userPool.generateKeyInBackground();
            return new EmulatorAssembly(endpoints, pki.join().account(), administrator, credentials, journal,
                    new Faults(broker.extension().control(), api, shadowRequests), shadows, broker.extension().retainedMessages(),
                    List.copyOf(running), broker.internalPort());
        } catch (RuntimeException e) {
            dataPlaneMade.completeExceptionally(e);
            awsApi.thenAccept(AwsApiServer::close);
            closeAll(running);
            // the CA and the account are made on their own thread and write into the data directory: let them finish
            // before the caller, who may delete that directory, hears of the failure
            pki.handle((made, failed) -> made).thenAccept(made -> {
                if (made != null) {
                    made.account().close();
                }
            }).join();
            throw e;
        }
    }

    private static void requireFree(ListenerConfig listeners, int fixedPort, String purpose) {
        if (fixedPort != 0) {
            Ports.resolve(listeners.bindAddress(), fixedPort, purpose);
        }
    }

    /** The broker and the ports it listens on; a port of -1 is a listener it does not have. */
    private record StartedBroker(EmbeddedBroker broker, BrokerExtension extension, int mtlsPort, int plainTcpPort, int internalPort) {}

    /**
     * Starts HiveMQ on chosen ports. HiveMQ cannot bind port 0 itself, so free ports are chosen beforehand; in
     * the rare case one is taken in between, the start is retried with new ones.
     */
    private static StartedBroker startBroker(EmulatorConfig config, CompletableFuture<Pki> pki,
                                             CompletableFuture<Optional<PolicyEvaluator>> policies, DoorTickets tickets,
                                             InMemoryJournal journal, Clock clock, MqttShadowRequests shadowRequests) {
        ListenerConfig listeners = config.listeners();
        boolean fixedPorts = listeners.mtlsPort() != 0 || listeners.plainTcpPort().orElse(0) != 0;
        for (int attempt = 1; ; attempt++) {
            int mtlsPort = Ports.resolve(listeners.bindAddress(), listeners.mtlsPort(), "mutual-TLS listener");
            int internalPort = Ports.resolve(InetAddress.getLoopbackAddress(), 0, "broker's internal listener");
            int plainTcpPort = listeners.plainTcpPort().isPresent()
                    ? Ports.resolve(listeners.bindAddress(), listeners.plainTcpPort().getAsInt(), "plain-TCP listener")
                    : -1;
            CompletableFuture<Map<String, ListenerDoor>> doors = pki.thenApply(made -> doors(config, made.account().certificates(), tickets,
                    plainTcpPort >= 0, clock));
            BrokerExtension extension = new BrokerExtension(config.rules(), config.journal().recordMessages(), doors, policies, journal, clock,
                    shadowRequests);
            try {
                EmbeddedBroker broker = EmbeddedBroker.start(listeners.bindAddress().getHostAddress(), mtlsPort, plainTcpPort, internalPort,
                        pki.thenApply(Pki::tlsIdentity), RuleBook.of(config.rules()).brokerSettings(), extension);
                return new StartedBroker(broker, extension, mtlsPort, plainTcpPort, internalPort);
            } catch (Ports.PortInUseException e) {
                if (fixedPorts || attempt == 3) {
                    throw e;
                }
                LOG.debug("Retrying the broker start with other ports: {}", e.getMessage());
            }
        }
    }

    /** The door behind each of the broker's listeners. */
    private static Map<String, ListenerDoor> doors(EmulatorConfig config, Certificates certificates, DoorTickets tickets,
                                                   boolean plainTcp, Clock clock) {
        Map<String, ListenerDoor> doors = new HashMap<>();
        doors.put(EmbeddedBroker.MTLS_LISTENER, new MutualTlsDoor(certificates, config.accountId(), config.region(), clock));
        doors.put(EmbeddedBroker.INTERNAL_LISTENER, tickets);
        if (plainTcp) {
            doors.put(EmbeddedBroker.PLAIN_TCP_LISTENER, new PlainTcpDoor(config.accountId(), config.region(), clock));
        }
        return Map.copyOf(doors);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Executor runOnOwnThread(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    private static void closeAll(List<AutoCloseable> components) {
        for (AutoCloseable component : components) {
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** The account (its certificates signed by the CA), the listeners' TLS identity and the WSS door's TLS context made from it. */
    private record Pki(AccountRegistry account, TlsIdentity tlsIdentity, SslContext doorTls) {
        /** @param userIdentities the Cognito identities of the configured users, which get the default policy */
        static Pki create(EmulatorConfig config, List<String> userIdentities) {
            CertificateAuthority authority = config.dataDirectory()
                    .map(CertificateAuthority::loadOrCreate)
                    .orElseGet(CertificateAuthority::generate);
            AccountRegistry account = new AccountRegistry(config.accountId(), config.region(), authority,
                    config.dataDirectory().orElse(null), Clock.systemUTC(), config.createdKeyAlgorithm());
            account.policies().provideDefault(PolicyConfig.DEFAULT_POLICY_NAME, config.policies().defaultPolicy(), userIdentities);
            config.dataDirectory().ifPresent(account.certificates()::importLegacyFile);
            List<String> hostNames = new ArrayList<>(config.listeners().extraHostNames());
            hostNames.add(config.listeners().host());
            TlsIdentity identity = authority.issueServerCertificate(hostNames);
            return new Pki(account, identity, identity.nettyServerContext());
        }
    }

    /** The faults of the broker and of the AWS API endpoint. */
    private record Faults(BrokerControl broker, AwsApiServer api, MqttShadowRequests shadowRequests) implements EmulatorFaults {
        @Override
        public boolean disconnect(String clientId, DisconnectReason reason) {
            return broker.disconnect(clientId, reason);
        }

        @Override
        public void withholdConnack(int attempts) {
            broker.withholdConnack(attempts);
        }

        @Override
        public void delayPubacks(Duration delay) {
            broker.delayPubacks(delay);
        }

        @Override
        public void dropPubacks() {
            broker.dropPubacks();
        }

        @Override
        public void failCognito(ServiceFault fault) {
            api.failCognito(fault);
        }

        @Override
        public void failAuthFunction(ServiceFault fault) {
            api.failAuthFunction(fault);
        }

        @Override
        public void holdShadowResponses() {
            shadowRequests.holdAnswers();
        }

        @Override
        public void clear() {
            broker.clearFaults();
            api.clearFaults();
            shadowRequests.release();
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public DeviceCertificates certificates() {
        return account.certificates();
    }

    public EmulatorJournal journal() {
        return journal;
    }

    /** The one AWS IoT account: things, certificates, groups, policies. */
    public AccountRegistry account() {
        return account;
    }

    /** The key control-plane requests are signed with. */
    public AccountCredentials accountCredentials() {
        return administrator;
    }

    public EmulatorFaults faults() {
        return faults;
    }

    /** The broker's loopback listener behind the WSS door; only the emulator's own tests need it. */
    public int internalBrokerPort() {
        return internalBrokerPort;
    }

    /** See {@code IotEmulator.reset()}. */
    public void reset() {
        faults.broker().reset(RESET_TIMEOUT);
        retainedMessages.clear();
        faults.clear();
        shadows.clear();
        journal.clear();
    }

    /** Every thing's shadows. */
    public DeviceShadows shadows() {
        return shadows;
    }

    /** See {@code IotEmulator.expireIssuedCredentials()}. */
    public void expireIssuedCredentials() {
        credentials.expireAll();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long stopping = System.nanoTime();
            closeAll(components);
            LOG.info("IoT Local stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
        }
    }
}
