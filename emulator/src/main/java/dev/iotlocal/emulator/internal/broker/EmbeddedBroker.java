package dev.iotlocal.emulator.internal.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.iotlocal.emulator.AwsIotRules;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.util.Directories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

/**
 * Embedded HiveMQ CE with in-memory persistence, its configuration and data in a temporary directory that
 * is removed on close, and the {@link BrokerExtension} installed.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** The listener name of the mutual-TLS door. */
    public static final String MTLS_LISTENER = HiveMqConfiguration.MTLS_LISTENER;
    /** The listener name of the plain-TCP debugging door. */
    public static final String PLAIN_TCP_LISTENER = HiveMqConfiguration.PLAIN_TCP_LISTENER;
    /** The listener name of the loopback listener the WSS door pipes into. */
    public static final String INTERNAL_LISTENER = HiveMqConfiguration.INTERNAL_LISTENER;

    /**
     * HiveMQ's extension SDK reaches its services through static state, which each broker sets as it starts;
     * starting one broker at a time lets every extension capture its own broker's services.
     */
    private static final Object START_LOCK = new Object();
    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedHiveMQ hiveMq;
    private final Path workDirectory;
    private final InetAddress probeAddress;
    private final int[] ports;
    private volatile CompletableFuture<Void> termination;

    private EmbeddedBroker(EmbeddedHiveMQ hiveMq, Path workDirectory, InetAddress probeAddress, int[] ports) {
        this.hiveMq = hiveMq;
        this.workDirectory = workDirectory;
        this.probeAddress = probeAddress;
        this.ports = ports;
    }

    /**
     * Starts HiveMQ on already chosen ports.
     *
     * @param plainTcpPort -1 for none
     * @param internalPort -1 for none
     */
    public static EmbeddedBroker start(String bindAddress, int mtlsPort, int plainTcpPort, int internalPort,
                                       CertificateAuthority.IssuedKeyPair serverIdentity, X509Certificate caCertificate,
                                       AwsIotRules rules, BrokerExtension extension) {
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("iot-local-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's temporary directory", e);
        }
        try {
            Path configuration = Files.createDirectories(workDirectory.resolve("conf"));
            HiveMqConfiguration.TlsFiles tls = writeTlsFiles(configuration, serverIdentity, caCertificate);
            Files.writeString(configuration.resolve("config.xml"),
                    HiveMqConfiguration.render(bindAddress, mtlsPort, tls, plainTcpPort, internalPort, rules), StandardCharsets.UTF_8);
            EmbeddedHiveMQ hiveMq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(configuration)
                    .withDataFolder(Files.createDirectories(workDirectory.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(workDirectory.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("iot-local-aws-iot-rules")
                            .withName("IoT Local AWS IoT rules")
                            .withVersion("1")
                            .withPriority(1000)
                            .withStartPriority(1000)
                            .withExtensionMain(extension)
                            .build())
                    .build();
            synchronized (START_LOCK) {
                // HiveMQ closes connections that publish to any '$' topic; AWS IoT allows some ($aws/rules/...,
                // shadows, jobs), and the rules extension decides which. Read by HiveMQ when it starts.
                InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
                try {
                    hiveMq.start().join();
                } catch (CompletionException e) {
                    closeQuietly(hiveMq);
                    throw new IllegalStateException("The embedded HiveMQ broker did not start: " + e.getCause(), e.getCause());
                }
            }
            InetAddress probeAddress = InetAddress.getByName(bindAddress);
            if (probeAddress.isAnyLocalAddress()) {
                probeAddress = InetAddress.getLoopbackAddress();
            }
            int[] ports = IntStream.of(mtlsPort, plainTcpPort, internalPort).filter(port -> port > 0).toArray();
            return new EmbeddedBroker(hiveMq, workDirectory, probeAddress, ports);
        } catch (IOException | GeneralSecurityException e) {
            Directories.deleteQuietly(workDirectory);
            throw new IllegalStateException("Cannot prepare the embedded HiveMQ broker", e);
        } catch (RuntimeException e) {
            Directories.deleteQuietly(workDirectory);
            throw e;
        }
    }

    private static HiveMqConfiguration.TlsFiles writeTlsFiles(Path directory, CertificateAuthority.IssuedKeyPair serverIdentity,
                                                            X509Certificate caCertificate) throws IOException, GeneralSecurityException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);

        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("server", serverIdentity.privateKey(), password.toCharArray(),
                new Certificate[] {serverIdentity.certificate(), caCertificate});
        Path keystoreFile = directory.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(keystoreFile)) {
            keystore.store(out, password.toCharArray());
        }

        KeyStore truststore = KeyStore.getInstance("PKCS12");
        truststore.load(null, null);
        truststore.setCertificateEntry("iot-local-ca", caCertificate);
        Path truststoreFile = directory.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(truststoreFile)) {
            truststore.store(out, password.toCharArray());
        }
        return new HiveMqConfiguration.TlsFiles(keystoreFile, truststoreFile, password);
    }

    /**
     * Stops the broker and returns as soon as its clients are disconnected and its ports are free. HiveMQ then
     * spends about four more seconds letting its event loops go quiet (a fixed two-second Netty quiet period,
     * then persistence shutdown); that finishes in the background, and {@link #termination()} completes when
     * it has, with the temporary directory removed.
     */
    @Override
    public synchronized void close() {
        if (termination != null) {
            return;
        }
        termination = hiveMq.stop()
                .handle((ignored, failure) -> {
                    closeQuietly(hiveMq);
                    Directories.deleteQuietly(workDirectory);
                    return null;
                });
        awaitPortsReleased();
    }

    /** Completes when a closed broker has fully terminated; null before {@link #close()}. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    private void awaitPortsReleased() {
        long deadline = System.nanoTime() + PORT_RELEASE_TIMEOUT.toNanos();
        for (int port : ports) {
            while (accepts(port) && System.nanoTime() < deadline && !termination.isDone()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(probeAddress, port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ hiveMq) {
        try {
            hiveMq.close();
        } catch (Exception ignored) {
            // stopping is best effort once start failed or stop completed
        } 
    }
}
