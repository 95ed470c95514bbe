package dev.iotlocal.emulator.internal.pki;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The server side of every TLS listener: the server certificate the local CA issued, its key, and the CA that
 * signed it (and the device certificates). The one place that turns it into what each TLS stack reads: a PKCS#12
 * key store and trust store for HiveMQ and WireMock, a Netty context for the WSS door. Immutable.
 */
public record TlsIdentity(X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate) {

    /** The protocols every listener speaks, as AWS IoT's endpoints do. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public TlsIdentity {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** A fresh random password for a key store that lives as long as the emulator. */
    public static String randomStorePassword() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** Writes the key and its chain (server certificate, CA) as a PKCS#12 key store, key and store under one password. */
    public void writeKeyStore(Path file, String password) {
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry("server", privateKey, password.toCharArray(), new Certificate[] {certificate, caCertificate});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot put the server key into a key store", e);
        }
        write(store, file, password);
    }

    /** Writes the CA certificate as a PKCS#12 trust store: the certificates clients must present are signed by it. */
    public void writeTrustStore(Path file, String password) {
        KeyStore store = emptyStore();
        try {
            store.setCertificateEntry("iot-local-ca", caCertificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot put the CA certificate into a trust store", e);
        }
        write(store, file, password);
    }

    /**
     * A Netty server context (the JDK's TLS, no client certificate asked for), with one engine made and thrown away:
     * the first TLS context in a JVM costs about half a second of class loading and cipher-suite enumeration, which
     * is better paid here, while HiveMQ boots on the other core, than by HiveMQ's own listener or the first client.
     */
    public SslContext nettyServerContext() {
        try {
            SslContext context = SslContextBuilder.forServer(privateKey, certificate, caCertificate)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
            SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
            engine.getSupportedCipherSuites();
            ReferenceCountUtil.release(engine);
            return context;
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot create a TLS context for the server certificate", e);
        }
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot make PKCS#12 stores", e);
        }
    }

    private static void write(KeyStore store, Path file, String password) {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the PKCS#12 store " + file, e);
        }
    }
}
