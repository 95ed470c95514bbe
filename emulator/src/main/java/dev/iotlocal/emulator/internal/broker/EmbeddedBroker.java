package dev.iotlocal.emulator.internal.broker;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import dev.iotlocal.emulator.internal.pki.TlsIdentity;
import dev.iotlocal.emulator.internal.rules.BrokerSettings;
import dev.iotlocal.emulator.internal.util.Directories;
import dev.iotlocal.emulator.internal.util.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
     * Starts HiveMQ on already chosen ports. The TLS identity may still be in the making: HiveMQ boots in the
     * meantime (most of its start-up time), and the extension, which HiveMQ starts before it opens listeners,
     * waits for the key and trust stores to be written.
     *
     * @param plainTcpPort -1 for none
     * @param internalPort -1 for none
     */
    public static EmbeddedBroker start(String bindAddress, int mtlsPort, int plainTcpPort, int internalPort,
                                       CompletableFuture<TlsIdentity> tlsIdentity, BrokerSettings settings, ExtensionMain extension) {
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("iot-local-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's temporary directory", e);
        }
        try {
            Path configuration = Files.createDirectories(workDirectory.resolve("conf"));
            HiveMqConfiguration.TlsFiles tls = new HiveMqConfiguration.TlsFiles(
                    configuration.resolve("server.p12"), configuration.resolve("truststore.p12"), TlsIdentity.randomStorePassword());
            CompletableFuture<Void> tlsWritten = tlsIdentity.thenAccept(identity -> {
                identity.writeKeyStore(tls.keystore(), tls.password());
                identity.writeTrustStore(tls.truststore(), tls.password());
            });
            Files.writeString(configuration.resolve("config.xml"),
                    HiveMqConfiguration.render(bindAddress, mtlsPort, tls, plainTcpPort, internalPort, settings), StandardCharsets.UTF_8);
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
                            .withExtensionMain(new StartsWhenTlsIsWritten(extension, tlsWritten))
                            .build())
                    .build();
            synchronized (START_LOCK) {
                // HiveMQ closes connections that publish to any '$' topic; AWS IoT allows some ($aws/rules/...,
                // shadows, jobs), and the rules extension decides which. Read by HiveMQ when it starts.
                InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
                try {
                    hiveMq.start().join();
                    tlsWritten.join();
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
            EmbeddedBroker broker = new EmbeddedBroker(hiveMq, workDirectory, probeAddress, ports);
            // HiveMQ reports a listener that could not bind only in its log, and starts anyway
            for (int port : ports) {
                if (!broker.accepts(port)) {
                    broker.close();
                    throw new Ports.PortInUseException("The broker could not listen on port " + port + " (taken since it was chosen)");
                }
            }
            return broker;
        } catch (IOException e) {
            Directories.deleteQuietly(workDirectory);
            throw new IllegalStateException("Cannot prepare the embedded HiveMQ broker", e);
        } catch (RuntimeException e) {
            Directories.deleteQuietly(workDirectory);
            throw e;
        }
    }

    /** Holds HiveMQ's start of the extension, and so of the listeners, until the TLS files exist. */
    private record StartsWhenTlsIsWritten(ExtensionMain extension, CompletableFuture<Void> tlsWritten) implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            try {
                tlsWritten.join();
            } catch (CompletionException e) {
                output.preventExtensionStartup("The TLS identity could not be created: " + e.getCause());
                return;
            }
            extension.extensionStart(input, output);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            extension.extensionStop(input, output);
        }
    }

    /**
     * Stops the broker and returns as soon as its clients are disconnected and its ports are free. HiveMQ then
     * spends about four more seconds letting its event loops go quiet (a fixed two-second Netty quiet period,
     * then persistence shutdown); that finishes in the background, which then removes the temporary directory.
     */
    @Override
    public synchronized void close() {
        if (termination != null) {
            return;
        }
        // not on HiveMQ's own thread, which completes stop() and which close() waits for
        termination = hiveMq.stop()
                .handleAsync((ignored, failure) -> {
                    closeQuietly(hiveMq);
                    Directories.deleteQuietly(workDirectory);
                    return null;
                }, EmbeddedBroker::onCleanupThread);
        awaitPortsReleased();
    }

    private static void onCleanupThread(Runnable cleanup) {
        Thread thread = new Thread(cleanup, "iot-local-broker-cleanup");
        thread.setDaemon(true);
        thread.start();
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
