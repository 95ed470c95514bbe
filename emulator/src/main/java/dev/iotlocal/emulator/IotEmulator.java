package dev.iotlocal.emulator;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.internal.aws.AwsApiServer;
import dev.iotlocal.emulator.internal.aws.AwsServices;
import dev.iotlocal.emulator.internal.broker.BrokerControl;
import dev.iotlocal.emulator.internal.broker.BrokerExtension;
import dev.iotlocal.emulator.internal.broker.DebugPrincipals;
import dev.iotlocal.emulator.internal.broker.EmbeddedBroker;
import dev.iotlocal.emulator.internal.broker.MutualTlsPrincipals;
import dev.iotlocal.emulator.internal.broker.PrincipalResolver;
import dev.iotlocal.emulator.internal.broker.WssPrincipals;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.gateway.DoorTickets;
import dev.iotlocal.emulator.internal.gateway.WebSocketDoor;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.identity.UserPoolTokens;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.TlsIdentity;
import dev.iotlocal.emulator.internal.registry.CertificateRegistry;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.util.Ports;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.EmulatorJournal;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
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
 * A running local AWS IoT Core: embedded HiveMQ behind AWS IoT's mutual-TLS door, enforcing AWS IoT's
 * rules, with a local certificate authority for devices. Start one per test class or suite and close it:
 *
 * <pre>{@code
 * try (IotEmulator emulator = IotEmulator.start(EmulatorConfig.defaults())) {
 *     DeviceCertificate device = emulator.certificates().issue("my-thing");
 *     int port = emulator.endpoints().mtlsPort();
 *     // connect an AWS IoT Device SDK client to localhost:port with device's certificate and key
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops the broker, frees the ports and removes temporary files; it is idempotent.
 */
public final class IotEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IotEmulator.class);
    private static final java.time.Duration RESET_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final EmulatorConfig config;
    private final Endpoints endpoints;
    private final CertificateRegistry certificates;
    private final CredentialRegistry credentials;
    private final InMemoryJournal journal;
    private final Faults faults;
    private final List<AutoCloseable> components;
    private final int internalBrokerPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IotEmulator(EmulatorConfig config, Endpoints endpoints, CertificateRegistry certificates, CredentialRegistry credentials,
                        InMemoryJournal journal, Faults faults, List<AutoCloseable> components, int internalBrokerPort) {
        this.faults = faults;
        this.config = config;
        this.endpoints = endpoints;
        this.certificates = certificates;
        this.credentials = credentials;
        this.journal = journal;
        this.components = components;
        this.internalBrokerPort = internalBrokerPort;
    }

    /** Starts an emulator with {@link EmulatorConfig#defaults()}. */
    public static IotEmulator start() {
        return start(EmulatorConfig.defaults());
    }

    /**
     * Starts an emulator and returns once every listener accepts connections.
     *
     * @throws IllegalStateException if a fixed port is in use or a component cannot start
     */
    public static IotEmulator start(EmulatorConfig config) {
        long started = System.nanoTime();
        Clock clock = Clock.systemUTC();
        // fixed ports are checked before anything starts; free ones are bound by the door and WireMock themselves
        requireFree(config, config.listeners().wssPort(), "WSS listener");
        requireFree(config, config.listeners().awsApiPort(), "AWS API endpoint");
        requireFree(config, config.listeners().awsApiHttpsPort().orElse(0), "AWS API HTTPS endpoint");
        int awsApiHttpsPort = config.listeners().awsApiHttpsPort().isPresent() ? config.listeners().awsApiHttpsPort().getAsInt() : -1;

        InMemoryJournal journal = new InMemoryJournal();
        CredentialRegistry credentials = new CredentialRegistry(clock, config.cognito().credentialLifetime());
        SigV4Verifier verifier = new SigV4Verifier(clock);
        DoorTickets tickets = new DoorTickets(clock);

        // Keys, certificates and the AWS API endpoint are made on their own threads while HiveMQ boots; the AWS
        // API endpoint waits for the certificates only when it has an HTTPS port. The user pool's RSA key is made
        // once everything listens (see UserPoolTokens.generateKeyInBackground).
        UserPoolTokens userPool = new UserPoolTokens(config.region(), config.userPoolId(), config.cognito().appClientId(), config.cognito().users(), clock);
        CompletableFuture<Pki> pki = CompletableFuture.supplyAsync(() -> Pki.create(config), runOnOwnThread("iot-local-pki"));
        CompletableFuture<TlsIdentity> awsApiTls = awsApiHttpsPort >= 0
                ? pki.thenApply(Pki::tlsIdentity)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<AwsApiServer> awsApi = awsApiTls.thenApplyAsync(tls -> AwsApiServer.start(
                config.listeners().bindAddress().getHostAddress(), config.listeners().awsApiPort(), awsApiHttpsPort, tls,
                AwsServices.create(config, userPool, credentials, verifier)),
                runOnOwnThread("iot-local-aws-api-start"));
        List<AutoCloseable> running = new ArrayList<>();
        try {
            StartedBroker brokerStart = startBroker(config, pki, tickets, journal, clock);
            EmbeddedBroker broker = brokerStart.broker;
            BrokerExtension extension = brokerStart.extension;
            int mtlsPort = brokerStart.mtlsPort;
            int plainTcpPort = brokerStart.plainTcpPort;
            int internalPort = brokerStart.internalPort;
            running.add(broker);
            WebSocketDoor door = WebSocketDoor.start(
                    new WebSocketDoor.Settings(config.listeners().bindAddress(), config.listeners().wssPort(), internalPort, config.region(), config.accountId(),
                            config.rules().webSocketTimeToLive(), config.cognito().acceptForeignCredentials()),
                    pki.join().doorTls(), verifier, credentials, tickets, new DoorObserver(journal, extension, clock));
            running.add(0, door);
            AwsApiServer api = join(awsApi);
            running.add(0, api);
            if (plainTcpPort >= 0) {
                LOG.warn("The plain-TCP listener on port {} accepts clients without any identity; AWS IoT has no such door", plainTcpPort);
            }
            Endpoints endpoints = new Endpoints(config.listeners().host(), mtlsPort, door.port(),
                    URI.create("http://" + hostForUri(config.listeners().host()) + ":" + api.port()),
                    awsApiHttpsPort >= 0 ? Optional.of(URI.create("https://" + hostForUri(config.listeners().host()) + ":" + api.httpsPort())) : Optional.empty(),
                    plainTcpPort >= 0 ? OptionalInt.of(plainTcpPort) : OptionalInt.empty());
            LOG.info("IoT Local started in {} ms: mutual TLS on {}:{}, WSS on {}, AWS API at {}",
                    (System.nanoTime() - started) / 1_000_000, config.listeners().host(), mtlsPort, door.port(), endpoints.awsApiEndpoint());
            userPool.generateKeyInBackground();
            Faults faults = new Faults(extension.control(), api);
            return new IotEmulator(config, endpoints, pki.join().certificates(), credentials, journal, faults, List.copyOf(running), internalPort);
        } catch (RuntimeException e) {
            awsApi.thenAccept(AwsApiServer::close);
            closeAll(running);
            throw e;
        }
    }

    private static void requireFree(EmulatorConfig config, int fixedPort, String purpose) {
        if (fixedPort != 0) {
            Ports.resolve(config.listeners().bindAddress(), fixedPort, purpose);
        }
    }

    /** The broker and the ports it listens on. */
    private record StartedBroker(EmbeddedBroker broker, BrokerExtension extension, int mtlsPort, int plainTcpPort, int internalPort) {}

    /**
     * Starts HiveMQ on chosen ports. HiveMQ cannot bind port 0 itself, so free ports are chosen beforehand; in
     * the rare case one is taken in between, the start is retried with new ones.
     */
    private static StartedBroker startBroker(EmulatorConfig config, CompletableFuture<Pki> pki, DoorTickets tickets,
                                             InMemoryJournal journal, Clock clock) {
        boolean fixedPorts = config.listeners().mtlsPort() != 0 || config.listeners().plainTcpPort().orElse(0) != 0;
        for (int attempt = 1; ; attempt++) {
            int mtlsPort = Ports.resolve(config.listeners().bindAddress(), config.listeners().mtlsPort(), "mutual-TLS listener");
            int internalPort = Ports.resolve(InetAddress.getLoopbackAddress(), 0, "broker's internal listener");
            int plainTcpPort = config.listeners().plainTcpPort().isPresent()
                    ? Ports.resolve(config.listeners().bindAddress(), config.listeners().plainTcpPort().getAsInt(), "plain-TCP listener")
                    : -1;
            CompletableFuture<Map<String, PrincipalResolver>> doors = pki.thenApply(made -> doors(config, made.certificates(), tickets, plainTcpPort));
            BrokerExtension extension = new BrokerExtension(config.rules(), config.journal().recordMessages(), doors, tickets, journal, clock);
            try {
                EmbeddedBroker broker = EmbeddedBroker.start(config.listeners().bindAddress().getHostAddress(), mtlsPort, plainTcpPort, internalPort,
                        pki.thenApply(Pki::tlsIdentity), config.rules(), extension);
                return new StartedBroker(broker, extension, mtlsPort, plainTcpPort, internalPort);
            } catch (Ports.PortInUseException e) {
                if (fixedPorts || attempt == 3) {
                    throw e;
                }
                LOG.debug("Retrying the broker start with other ports: {}", e.getMessage());
            }
        }
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

    private static Map<String, PrincipalResolver> doors(EmulatorConfig config, CertificateRegistry certificates, DoorTickets tickets,
                                                        int plainTcpPort) {
        Map<String, PrincipalResolver> doors = new HashMap<>();
        doors.put(EmbeddedBroker.MTLS_LISTENER, new MutualTlsPrincipals(certificates, config.accountId(), config.region()));
        doors.put(EmbeddedBroker.INTERNAL_LISTENER, new WssPrincipals(tickets));
        if (plainTcpPort >= 0) {
            doors.put(EmbeddedBroker.PLAIN_TCP_LISTENER, new DebugPrincipals(config.accountId(), config.region()));
        }
        return Map.copyOf(doors);
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

    /** The faults of the broker and of the AWS API endpoint. */
    private record Faults(BrokerControl control, AwsApiServer api) implements EmulatorFaults {
        @Override
        public boolean disconnect(String clientId, DisconnectReason reason) {
            return control.disconnect(clientId, reason);
        }

        @Override
        public void withholdConnack(int attempts) {
            control.withholdConnack(attempts);
        }

        @Override
        public void delayPubacks(java.time.Duration delay) {
            control.delayPubacks(delay);
        }

        @Override
        public void dropPubacks() {
            control.dropPubacks();
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
        public void clear() {
            control.clearFaults();
            api.clearFaults();
        }
    }

    /** The WSS door's reports: refused upgrades become violations, expired connections get their lifecycle reason. */
    private record DoorObserver(InMemoryJournal journal, BrokerExtension extension, Clock clock) implements WebSocketDoor.Observer {
        @Override
        public void upgradeRefused(String clientAddress, String detail) {
            journal.record(new RuleViolation(AwsIotRule.NOT_AUTHORIZED, "", Optional.empty(),
                    "WebSocket upgrade from " + clientAddress + " refused with HTTP 403: " + detail, clock.instant()));
        }

        @Override
        public void timeToLiveExpired(String sessionIdentifier) {
            extension.connections().decideDisconnectReason(sessionIdentifier, DisconnectReason.WEBSOCKET_TTL_EXPIRATION);
        }
    }

    /** The CA, the certificate registry, the listeners' TLS identity and the WSS door's TLS context made from it. */
    private record Pki(CertificateRegistry certificates, TlsIdentity tlsIdentity, SslContext doorTls) {
        static Pki create(EmulatorConfig config) {
            CertificateAuthority authority = config.dataDirectory()
                    .map(CertificateAuthority::loadOrCreate)
                    .orElseGet(CertificateAuthority::generate);
            CertificateRegistry certificates = new CertificateRegistry(authority, config.dataDirectory().orElse(null));
            List<String> hostNames = new ArrayList<>(config.listeners().extraHostNames());
            hostNames.add(config.listeners().host());
            TlsIdentity identity = authority.issueServerCertificate(hostNames);
            return new Pki(certificates, identity, identity.nettyServerContext());
        }
    }

    /** The broker's loopback listener behind the WSS door; only the emulator's own tests need it. */
    int internalBrokerPort() {
        return internalBrokerPort;
    }

    /** The configuration this emulator was started with. */
    public EmulatorConfig config() {
        return config;
    }

    /** Where the emulator listens. */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** The CA and device certificate registry. */
    public DeviceCertificates certificates() {
        return certificates;
    }

    /** Rule violations and lifecycle events, in order. */
    public EmulatorJournal journal() {
        return journal;
    }

    /** Faults to inject; each lasts until {@link EmulatorFaults#clear()} or {@link #reset()}. */
    public EmulatorFaults faults() {
        return faults;
    }

    /**
     * Brings the emulator back to a fresh start without restarting it: every client disconnected (without its
     * Will), every session, subscription and retained message gone, faults cleared, the journal emptied.
     * Certificates and issued credentials stay. The test kit calls it before each test.
     */
    public void reset() {
        faults.control.reset(RESET_TIMEOUT);
        faults.api.clearFaults();
        journal.clear();
    }

    /**
     * Makes every AWS credential issued so far expired, as if its lifetime had passed: the next SigV4-signed
     * request or WebSocket upgrade with it is refused. Connections already open stay open, as in AWS IoT.
     */
    public void expireIssuedCredentials() {
        credentials.expireAll();
    }

    /** Stops the broker and removes temporary files. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long stopping = System.nanoTime();
            closeAll(components);
            LOG.info("IoT Local stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
        }
    }
}
