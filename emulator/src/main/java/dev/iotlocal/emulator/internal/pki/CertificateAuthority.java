package dev.iotlocal.emulator.internal.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The emulator's local certificate authority: signs the server certificate of the TLS listeners and the
 * device certificates. Generated on start, or kept in a data directory so certificates survive restarts.
 */
public final class CertificateAuthority {

    static final String CA_CERTIFICATE_FILE = "ca.pem";
    static final String CA_KEY_FILE = "ca.key";
    /** AWS IoT's CreateKeysAndCertificate issues certificates with this subject. */
    static final X500Name DEVICE_SUBJECT = new X500Name("CN=AWS IoT Certificate");
    /** AWS IoT device certificates are valid until the end of 2049. */
    private static final Instant DEVICE_NOT_AFTER = ZonedDateTime.of(2049, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toInstant();
    /** Backdated so that a client with a slightly slow clock accepts fresh certificates. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String certificatePem;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.certificatePem = Pem.encode(certificate);
    }

    /** A fresh CA that lives only as long as this object. */
    public static CertificateAuthority generate() {
        KeyPair keyPair = EcKeys.generate();
        X500Name name = new X500Name("CN=IoT Local Root CA " + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ", O=IoT Local");
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name, serial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(3650))),
                            name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new CertificateAuthority(sign(builder, keyPair.getPrivate()), keyPair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot create the local CA", e);
        }
    }

    /** The CA kept in {@code directory}, created there on first use. */
    public static CertificateAuthority loadOrCreate(Path directory) {
        Path certificateFile = directory.resolve(CA_CERTIFICATE_FILE);
        Path keyFile = directory.resolve(CA_KEY_FILE);
        try {
            if (Files.exists(certificateFile) && Files.exists(keyFile)) {
                return new CertificateAuthority(
                        Pem.certificate(Files.readString(certificateFile, StandardCharsets.US_ASCII)),
                        Pem.privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII)));
            }
            CertificateAuthority created = generate();
            Files.createDirectories(directory);
            Files.writeString(certificateFile, created.certificatePem, StandardCharsets.US_ASCII);
            SecureFiles.writeOwnerOnly(keyFile, Pem.encodePrivateKey(created.privateKey));
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the local CA in " + directory, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return certificatePem;
    }

    /**
     * A server certificate for the listeners: valid for {@code localhost}, {@code 127.0.0.1}, {@code ::1}
     * and every extra host name or IP address given.
     */
    public TlsIdentity issueServerCertificate(List<String> extraHostNames) {
        KeyPair keyPair = EcKeys.generate();
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(extraHostNames);
        List<GeneralName> alternativeNames = new ArrayList<>();
        for (String name : names) {
            alternativeNames.add(isIpLiteral(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = childBuilder(new X500Name("CN=localhost, O=IoT Local"), keyPair.getPublic(),
                            now.minus(BACKDATE), now.plus(Duration.ofDays(825)))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
            return new TlsIdentity(sign(builder, privateKey), keyPair.getPrivate(), certificate);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue the server certificate", e);
        }
    }

    /** A client certificate for a device's public key, with AWS IoT's subject and lifetime. */
    public X509Certificate issueDeviceCertificate(PublicKey devicePublicKey) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = childBuilder(DEVICE_SUBJECT, devicePublicKey, now.minus(BACKDATE), DEVICE_NOT_AFTER)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue a device certificate", e);
        }
    }

    private X509v3CertificateBuilder childBuilder(X500Name subject, PublicKey publicKey, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        return new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, publicKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(EcKeys.SIGNATURE_ALGORITHM).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
