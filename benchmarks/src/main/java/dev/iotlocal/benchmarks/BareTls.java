package dev.iotlocal.benchmarks;

import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** TLS material for the bare baselines: a CA, a server certificate for localhost and a client certificate. */
final class BareTls {

    private BareTls() {}

    /** Files and PEMs of one baseline's TLS setup; the server's PEMs are for Mosquitto, which reads no keystores. */
    record Material(Path keystore, Path truststore, String caPem, String serverCertificatePem, String serverKeyPem,
                    String clientCertificatePem, String clientKeyPem) {
        String tlsElement(boolean requireClientCertificate) {
            return "<tls><keystore><path>" + keystore + "</path><password>baseline</password><private-key-password>baseline</private-key-password></keystore>"
                    + "<truststore><path>" + truststore + "</path><password>baseline</password></truststore>"
                    + "<client-authentication-mode>" + (requireClientCertificate ? "REQUIRED" : "NONE") + "</client-authentication-mode>"
                    // the emulator's listeners' protocols, so that both sides negotiate the same handshake
                    + "<protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols></tls>";
        }
    }

    static Material create(Path directory) throws Exception {
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=Baseline CA");
        X509Certificate ca = sign(caName, caName, caKeys.getPublic(), caKeys.getPrivate(), true, null);
        KeyPair serverKeys = ecKeys();
        X509Certificate server = sign(caName, new X500Name("CN=localhost"), serverKeys.getPublic(), caKeys.getPrivate(), false, "localhost");
        KeyPair clientKeys = ecKeys();
        X509Certificate client = sign(caName, new X500Name("CN=client"), clientKeys.getPublic(), caKeys.getPrivate(), false, null);

        char[] password = "baseline".toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("server", serverKeys.getPrivate(), password, new Certificate[] {server, ca});
        KeyStore truststore = KeyStore.getInstance("PKCS12");
        truststore.load(null, null);
        truststore.setCertificateEntry("ca", ca);
        Path keystoreFile = directory.resolve("server.p12");
        Path truststoreFile = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(keystoreFile)) {
            keystore.store(out, password);
        }
        try (OutputStream out = Files.newOutputStream(truststoreFile)) {
            truststore.store(out, password);
        }
        return new Material(keystoreFile, truststoreFile, pem(ca), pem(server), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null).generate()),
                pem(client), pem(new JcaPKCS8Generator(clientKeys.getPrivate(), null).generate()));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, PublicKey key, PrivateKey signer, boolean ca, String dnsName)
            throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minusSeconds(3600)), Date.from(Instant.now().plusSeconds(86400)), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (dnsName != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
