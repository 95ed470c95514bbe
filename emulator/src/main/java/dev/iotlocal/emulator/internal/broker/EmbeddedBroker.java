package dev.iotlocal.emulator.internal.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.iotlocal.emulator.AwsIotRules;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.util.Directories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;

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

    private final EmbeddedHiveMQ hiveMq;
    private final Path workDirectory;

    private EmbeddedBroker(EmbeddedHiveMQ hiveMq, Path workDirectory) {
        this.hiveMq = hiveMq;
        this.workDirectory = workDirectory;
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
            try {
                hiveMq.start().join();
            } catch (CompletionException e) {
                closeQuietly(hiveMq);
                throw new IllegalStateException("The embedded HiveMQ broker did not start: " + e.getCause(), e.getCause());
            }
            return new EmbeddedBroker(hiveMq, workDirectory);
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

    @Override
    public void close() {
        try {
            hiveMq.stop().join();
        } finally {
            closeQuietly(hiveMq);
            Directories.deleteQuietly(workDirectory);
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
