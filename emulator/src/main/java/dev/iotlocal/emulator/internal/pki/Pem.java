package dev.iotlocal.emulator.internal.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM reading and writing through BouncyCastle's PEM codec. */
public final class Pem {

    private Pem() {}

    public static String encode(Object certificateOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificateOrKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A private key in PEM: RSA keys as PKCS#1 ({@code RSA PRIVATE KEY}, what AWS IoT hands out), others as
     * PKCS#8 ({@code PRIVATE KEY}), which every TLS stack reads with the curve parameters included.
     */
    public static String encodePrivateKey(PrivateKey key) {
        if (key instanceof RSAPrivateKey) {
            return encode(key);
        }
        try {
            return encode(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("Cannot encode a private key", e);
        }
    }

    public static X509Certificate certificate(String pem) {
        Object parsed = parse(pem);
        if (!(parsed instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("Not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Unreadable certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String pem) {
        Object parsed = parse(pem);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair pair) {
                KeyPair keyPair = converter.getKeyPair(pair);
                return keyPair.getPrivate();
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("Not a PEM private key");
    }

    public static PKCS10CertificationRequest certificationRequest(String pem) {
        Object parsed = parse(pem);
        if (!(parsed instanceof PKCS10CertificationRequest request)) {
            throw new IllegalArgumentException("Not a PEM certificate signing request (PKCS#10)");
        }
        return request;
    }

    private static Object parse(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            if (parsed == null) {
                throw new IllegalArgumentException("No PEM object found");
            }
            return parsed;
        } catch (IOException e) {
            throw new IllegalArgumentException("Malformed PEM: " + e.getMessage(), e);
        }
    }
}
