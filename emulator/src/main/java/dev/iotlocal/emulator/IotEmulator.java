package dev.iotlocal.emulator;

import dev.iotlocal.emulator.internal.broker.BrokerExtension;
import dev.iotlocal.emulator.internal.broker.DebugPrincipals;
import dev.iotlocal.emulator.internal.broker.EmbeddedBroker;
import dev.iotlocal.emulator.internal.broker.MutualTlsPrincipals;
import dev.iotlocal.emulator.internal.broker.PrincipalResolver;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.CertificateRegistry;
import dev.iotlocal.emulator.internal.pki.KeyType;
import dev.iotlocal.emulator.internal.util.Ports;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
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

    private final EmulatorConfig config;
    private final Endpoints endpoints;
    private final CertificateRegistry certificates;
    private final InMemoryJournal journal;
    private final EmbeddedBroker broker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IotEmulator(EmulatorConfig config, Endpoints endpoints, CertificateRegistry certificates, InMemoryJournal journal,
                        EmbeddedBroker broker) {
        this.config = config;
        this.endpoints = endpoints;
        this.certificates = certificates;
        this.journal = journal;
        this.broker = broker;
    }

    /** Starts an emulator with {@link EmulatorConfig#defaults()}. */
    public static IotEmulator start() {
        return start(EmulatorConfig.defaults());
    }

    /**
     * Starts an emulator and returns once every listener accepts connections.
     *
     * @throws IllegalStateException if a fixed port is in use or the broker cannot start
     */
    public static IotEmulator start(EmulatorConfig config) {
        long started = System.nanoTime();
        int mtlsPort = Ports.resolve(config.bindAddress(), config.mtlsPort(), "mutual-TLS listener");
        int plainTcpPort = config.plainTcpPort().isPresent()
                ? Ports.resolve(config.bindAddress(), config.plainTcpPort().getAsInt(), "plain-TCP listener")
                : -1;

        // The CA, registry and server certificate are made while HiveMQ boots: start-up is the longer of the two.
        CompletableFuture<Pki> pki = CompletableFuture.supplyAsync(() -> Pki.create(config), Pki::runOnOwnThread);
        CompletableFuture<Map<String, PrincipalResolver>> doors = pki.thenApply(made -> doors(config, made.certificates, plainTcpPort));
        InMemoryJournal journal = new InMemoryJournal();
        BrokerExtension extension = new BrokerExtension(config.rules(), doors, journal, Clock.systemUTC());
        EmbeddedBroker broker = EmbeddedBroker.start(config.bindAddress().getHostAddress(), mtlsPort, plainTcpPort, -1,
                pki.thenApply(made -> made.tlsIdentity), config.rules(), extension);
        if (plainTcpPort >= 0) {
            LOG.warn("The plain-TCP listener on port {} accepts clients without any identity; AWS IoT has no such door", plainTcpPort);
        }

        Endpoints endpoints = new Endpoints(config.host(), mtlsPort,
                plainTcpPort >= 0 ? OptionalInt.of(plainTcpPort) : OptionalInt.empty());
        LOG.info("IoT Local started in {} ms: mutual TLS on {}:{}", (System.nanoTime() - started) / 1_000_000, config.host(), mtlsPort);
        return new IotEmulator(config, endpoints, pki.join().certificates, journal, broker);
    }

    private static Map<String, PrincipalResolver> doors(EmulatorConfig config, CertificateRegistry certificates, int plainTcpPort) {
        Map<String, PrincipalResolver> doors = new HashMap<>();
        doors.put(EmbeddedBroker.MTLS_LISTENER, new MutualTlsPrincipals(certificates, config.accountId(), config.region()));
        if (plainTcpPort >= 0) {
            doors.put(EmbeddedBroker.PLAIN_TCP_LISTENER, new DebugPrincipals(config.accountId(), config.region()));
        }
        return Map.copyOf(doors);
    }

    /** The CA, the certificate registry and the listeners' TLS identity. */
    private static final class Pki {
        final CertificateRegistry certificates;
        final EmbeddedBroker.TlsIdentity tlsIdentity;

        private Pki(CertificateRegistry certificates, EmbeddedBroker.TlsIdentity tlsIdentity) {
            this.certificates = certificates;
            this.tlsIdentity = tlsIdentity;
        }

        static Pki create(EmulatorConfig config) {
            CertificateAuthority authority = config.dataDirectory()
                    .map(CertificateAuthority::loadOrCreate)
                    .orElseGet(CertificateAuthority::generate);
            CertificateRegistry certificates = new CertificateRegistry(authority, KeyType.EC_P256, config.dataDirectory().orElse(null));
            List<String> hostNames = new ArrayList<>(config.extraHostNames());
            hostNames.add(config.host());
            return new Pki(certificates, new EmbeddedBroker.TlsIdentity(authority.issueServerCertificate(hostNames), authority.certificate()));
        }

        static void runOnOwnThread(Runnable task) {
            Thread thread = new Thread(task, "iot-local-pki");
            thread.setDaemon(true);
            thread.start();
        }
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

    /** Stops the broker and removes temporary files. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long stopping = System.nanoTime();
            broker.close();
            LOG.info("IoT Local stopped in {} ms", (System.nanoTime() - stopping) / 1_000_000);
        }
    }
}
