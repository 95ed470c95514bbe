package dev.iotlocal.benchmarks;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A mutual-TLS listener for the bare HiveMQ baseline, with its key and trust stores made before the clock starts. */
final class BareTls {

    private BareTls() {}

    static String listener(Path directory, int port) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(86400)),
                name, keyPair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        char[] password = "baseline".toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("server", keyPair.getPrivate(), password, new Certificate[] {certificate});
        KeyStore truststore = KeyStore.getInstance("PKCS12");
        truststore.load(null, null);
        truststore.setCertificateEntry("ca", certificate);
        Path keystoreFile = directory.resolve("server.p12");
        Path truststoreFile = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(keystoreFile)) {
            keystore.store(out, password);
        }
        try (OutputStream out = Files.newOutputStream(truststoreFile)) {
            truststore.store(out, password);
        }
        return "<tls-tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address><tls>"
                + "<keystore><path>" + keystoreFile + "</path><password>baseline</password><private-key-password>baseline</private-key-password></keystore>"
                + "<truststore><path>" + truststoreFile + "</path><password>baseline</password></truststore>"
                + "<client-authentication-mode>REQUIRED</client-authentication-mode></tls></tls-tcp-listener>";
    }
}
