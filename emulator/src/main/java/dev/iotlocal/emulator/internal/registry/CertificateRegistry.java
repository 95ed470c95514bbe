package dev.iotlocal.emulator.internal.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.pki.SecureFiles;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The one registry of device certificates: issues them with the local CA, keeps their status, and answers
 * the mutual-TLS door's question "may this certificate connect?". With a data directory, the registry is
 * saved there after every change so that certificates survive restarts.
 */
public final class CertificateRegistry implements DeviceCertificates {

    static final String REGISTRY_FILE = "certificates.json";

    private final CertificateAuthority authority;
    private final Path registryFile;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    public CertificateRegistry(CertificateAuthority authority, Path dataDirectory) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.registryFile = dataDirectory == null ? null : dataDirectory.resolve(REGISTRY_FILE);
        load();
    }

    /** The id AWS IoT gives a certificate: the lowercase hex SHA-256 of its DER encoding. */
    public static String certificateId(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot compute the certificate id", e);
        }
    }

    @Override
    public DeviceCertificate issue(String thingName) {
        requireThingName(thingName);
        KeyPair keyPair = EcKeys.generate();
        X509Certificate certificate = authority.issueDeviceCertificate(keyPair.getPublic());
        Registration registration = register(certificate, thingName);
        return new DeviceCertificate(registration.certificateId, thingName, registration.certificatePem,
                Optional.of(Pem.encodePrivateKey(keyPair.getPrivate())));
    }

    @Override
    public DeviceCertificate registerFromCsr(String csrPem, String thingName) {
        requireThingName(thingName);
        PKCS10CertificationRequest request = Pem.certificationRequest(csrPem);
        PublicKey publicKey;
        try {
            JcaPKCS10CertificationRequest jcaRequest = new JcaPKCS10CertificationRequest(request);
            publicKey = jcaRequest.getPublicKey();
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
                throw new IllegalArgumentException("The CSR's signature does not match its public key");
            }
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("Unusable CSR: " + e.getMessage(), e);
        }
        Registration registration = register(authority.issueDeviceCertificate(publicKey), thingName);
        return new DeviceCertificate(registration.certificateId, thingName, registration.certificatePem, Optional.empty());
    }

    @Override
    public void setStatus(String certificateId, CertificateStatus status) {
        Objects.requireNonNull(status, "status");
        Registration registration = registrations.get(certificateId);
        if (registration == null) {
            throw new IllegalArgumentException("No certificate with id " + certificateId);
        }
        if (registration.status == CertificateStatus.REVOKED && status != CertificateStatus.REVOKED) {
            // as in AWS IoT: a revoked certificate cannot be activated again
            throw new IllegalStateException("Certificate " + certificateId + " is revoked and cannot become " + status);
        }
        registration.status = status;
        save();
    }

    @Override
    public Optional<CertificateStatus> status(String certificateId) {
        return Optional.ofNullable(registrations.get(certificateId)).map(r -> r.status);
    }

    @Override
    public String caCertificatePem() {
        return authority.certificatePem();
    }

    /** The registration of a certificate presented in a TLS handshake, if it is one of ours. */
    public Optional<Registration> lookup(X509Certificate presented) {
        return Optional.ofNullable(registrations.get(certificateId(presented)));
    }

    private Registration register(X509Certificate certificate, String thingName) {
        Registration registration = new Registration(certificateId(certificate), thingName, Pem.encode(certificate),
                CertificateStatus.ACTIVE);
        registrations.put(registration.certificateId, registration);
        save();
        return registration;
    }

    private static void requireThingName(String thingName) {
        // AWS IoT thing names: 1-128 characters of [a-zA-Z0-9:_-]
        if (thingName == null || !thingName.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new IllegalArgumentException("A thing name is 1 to 128 characters of a-z, A-Z, 0-9, ':', '_' and '-': " + thingName);
        }
    }

    private void load() {
        if (registryFile == null || !Files.exists(registryFile)) {
            return;
        }
        try {
            List<Registration> saved = Json.MAPPER.readValue(registryFile.toFile(), new TypeReference<List<Registration>>() {});
            saved.forEach(r -> registrations.put(r.certificateId, r));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the certificate registry " + registryFile, e);
        }
    }

    private synchronized void save() {
        if (registryFile == null) {
            return;
        }
        try {
            Files.createDirectories(registryFile.getParent());
            SecureFiles.writeAtomically(registryFile, Json.PRETTY.writeValueAsBytes(new ArrayList<>(registrations.values())));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the certificate registry " + registryFile, e);
        }
    }

    /** One registered certificate; the status is the only part that changes. */
    public static final class Registration {
        public String certificateId;
        public String thingName;
        public String certificatePem;
        public volatile CertificateStatus status;

        Registration() {
            // for JSON
        }

        Registration(String certificateId, String thingName, String certificatePem, CertificateStatus status) {
            this.certificateId = certificateId;
            this.thingName = thingName;
            this.certificatePem = certificatePem;
            this.status = status;
        }
    }
}
