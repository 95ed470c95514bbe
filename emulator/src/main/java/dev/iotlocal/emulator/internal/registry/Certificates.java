package dev.iotlocal.emulator.internal.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.KeyAlgorithm;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import dev.iotlocal.emulator.internal.registry.RegistryError.Kind;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates part of the account: AWS IoT's certificate operations (create, register, describe, update,
 * delete, list), the emulator's own {@link DeviceCertificates} over the same state, and the mutual-TLS door's
 * question "whose certificate is this, and may it connect?". Certificates created here are signed by the emulator's
 * CA; registered ones may come from any CA. A certificate that leaves {@code ACTIVE} is reported to
 * {@link AccountRegistry#onCertificateDeactivated} once the change is made, so the broker drops its connections.
 *
 * <p>Thread-safe: the state is read and changed under the account's lock; keys are made and certificates signed
 * outside it.
 */
public final class Certificates implements DeviceCertificates {

    /** Where the emulator kept its certificates before the account held them; imported once, see {@link #importLegacyFile}. */
    static final String LEGACY_FILE = "certificates.json";
    /** The legacy file's name once imported. */
    static final String IMPORTED_LEGACY_FILE = LEGACY_FILE + ".imported";

    private static final Logger LOG = LoggerFactory.getLogger(Certificates.class);
    /** The model's {@code CertificateId}: 64 characters of {@code (0x)?[a-fA-F0-9]+}; ids are lowercase hex. */
    private static final Pattern CERTIFICATE_ID = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_CSR_LENGTH = 4096;
    private static final int MAX_PEM_LENGTH = 65536;
    private static final String DEFAULT_MODE = "DEFAULT";
    /** The mode of certificates registered without a CA: AWS IoT tells them apart by SNI, not by their CA. */
    private static final String SNI_ONLY_MODE = "SNI_ONLY";

    private final AccountRegistry account;
    /**
     * The things of each certificate presented to the door since the account last changed, so a CONNECT does not walk
     * every thing's principals; guarded by the account's lock, like {@link #presentedThingsAt}.
     */
    private final Map<String, List<Things.Attachment>> presentedThings = new HashMap<>();
    private long presentedThingsAt = -1;

    Certificates(AccountRegistry account) {
        this.account = account;
    }

    /** What CreateKeysAndCertificate answers; the private key is handed out here and kept nowhere. */
    public record KeysAndCertificate(String certificateArn, String certificateId, String certificatePem,
                                     String publicKeyPem, String privateKeyPem) {}

    /** A certificate just created or registered. */
    public record Registered(String certificateArn, String certificateId, String certificatePem) {}

    /** DescribeCertificate's {@code certificateDescription}; dates in epoch milliseconds. */
    public record Description(String certificateArn, String certificateId, Optional<String> caCertificateId,
                              CertificateStatus status, String certificatePem, String ownedBy, long creationDate,
                              long lastModifiedDate, int customerVersion, String generationId, Instant notBefore,
                              Instant notAfter, String certificateMode) {}

    /** One certificate of ListCertificates; the creation date in epoch milliseconds. */
    public record Summary(String certificateArn, String certificateId, CertificateStatus status, String certificateMode,
                          long creationDate) {}

    /**
     * What the mutual-TLS door learns of a certificate presented in a TLS handshake; which thing, if any, the
     * connection is associated with is the door's decision, since it depends on the client id.
     *
     * @param things the things the certificate is attached to and how, by thing name
     */
    public record Presented(String certificateId, CertificateStatus status, List<Things.Attachment> things) {
        public Presented {
            things = List.copyOf(things);
        }
    }

    /** The id AWS IoT gives a certificate: the lowercase hex SHA-256 of its DER encoding. */
    public static String certificateId(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute the certificate id", e);
        }
    }

    // ---- AWS IoT's operations

    /**
     * CreateKeysAndCertificate: a key pair and a certificate for it; RSA 2048 as AWS IoT makes them, unless the
     * configuration asks for EC P-256.
     */
    public KeysAndCertificate createKeysAndCertificate(boolean setAsActive) {
        KeyPair keys = account.createdKeys() == KeyAlgorithm.EC_P256 ? EcKeys.generate() : rsaKeyPair();
        X509Certificate certificate = account.authority().issueDeviceCertificate(keys.getPublic());
        Registered added = account.write(state -> add(state, certificate, statusOf(setAsActive), null, DEFAULT_MODE));
        return new KeysAndCertificate(added.certificateArn(), added.certificateId(), added.certificatePem(),
                Pem.encode(keys.getPublic()), Pem.encodePrivateKey(keys.getPrivate()));
    }

    /** CreateCertificateFromCsr: the CSR's key certified by the emulator's CA. */
    public Registered createFromCsr(String csrPem, boolean setAsActive) {
        if (csrPem.length() > MAX_CSR_LENGTH) {
            throw ModelConstraints.violation("certificateSigningRequest", "Member must have length less than or equal to " + MAX_CSR_LENGTH);
        }
        PublicKey key;
        try {
            key = verifiedKeyOf(csrPem);
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidRequest("The certificate signing request is not valid: " + e.getMessage());
        }
        X509Certificate certificate = account.authority().issueDeviceCertificate(key);
        return account.write(state -> add(state, certificate, statusOf(setAsActive), null, DEFAULT_MODE));
    }

    /**
     * RegisterCertificate: a certificate signed by the CA given, or without one by the emulator's own CA. The emulator
     * keeps no registry of CA certificates, so the CA given counts as registered once it has signed the certificate.
     */
    public Registered register(String certificatePem, Optional<String> caCertificatePem, CertificateStatus status) {
        X509Certificate certificate = parse(certificatePem, "certificatePem", "certificate");
        X509Certificate emulatorCa = account.authority().certificate();
        X509Certificate ca = caCertificatePem.isPresent() ? parse(caCertificatePem.get(), "caCertificatePem", "CA certificate") : emulatorCa;
        if (!signedBy(certificate, ca)) {
            throw new RegistryError(Kind.CERTIFICATE_VALIDATION, caCertificatePem.isPresent()
                    ? "The certificate is not signed by the CA certificate given"
                    : "The certificate is not signed by a registered CA certificate: give its caCertificatePem, or use RegisterCertificateWithoutCA");
        }
        String caCertificateId = ca.equals(emulatorCa) ? null : certificateId(ca);
        CertificateStatus settable = requireSettable(status);
        return account.write(state -> add(state, certificate, settable, caCertificateId, DEFAULT_MODE));
    }

    /** RegisterCertificateWithoutCA: a certificate from any CA, in {@code SNI_ONLY} mode. */
    public Registered registerWithoutCa(String certificatePem, CertificateStatus status) {
        X509Certificate certificate = parse(certificatePem, "certificatePem", "certificate");
        CertificateStatus settable = requireSettable(status);
        return account.write(state -> add(state, certificate, settable, null, SNI_ONLY_MODE));
    }

    /** DescribeCertificate. */
    public Description describe(String certificateId) {
        String id = requireId(certificateId);
        return account.read(state -> {
            AccountState.Certificate certificate = found(state, id);
            X509Certificate parsed = Pem.certificate(certificate.pem);
            return new Description(arn(id), id, Optional.ofNullable(certificate.caCertificateId), certificate.status,
                    certificate.pem, account.accountId(), certificate.creationDate, certificate.lastModifiedDate,
                    certificate.customerVersion, certificate.generationId, parsed.getNotBefore().toInstant(),
                    parsed.getNotAfter().toInstant(), certificate.certificateMode);
        });
    }

    /**
     * UpdateCertificate: a new status (the same one again changes nothing). A revoked certificate keeps its status;
     * one that leaves ACTIVE has its connections dropped once the change is made.
     */
    public void update(String certificateId, CertificateStatus newStatus) {
        String id = requireId(certificateId);
        requireSettable(newStatus);
        boolean deactivated = account.write(state -> {
            AccountState.Certificate certificate = found(state, id);
            if (certificate.status == newStatus) {
                return false;
            }
            if (certificate.status == CertificateStatus.REVOKED) {
                throw new RegistryError(Kind.CERTIFICATE_STATE, "Certificate " + id + " is revoked and cannot become " + newStatus);
            }
            boolean wasActive = certificate.status == CertificateStatus.ACTIVE;
            certificate.status = newStatus;
            certificate.lastModifiedDate = account.now();
            certificate.customerVersion++;
            certificate.generationId = account.newId();
            return wasActive;
        });
        if (deactivated) {
            account.certificateDeactivated(id);
        }
    }

    /**
     * DeleteCertificate, with AWS IoT's preconditions in its order: not ACTIVE, no thing attached, no policy attached
     * unless {@code forceDelete} (which then detaches them).
     */
    public void delete(String certificateId, boolean forceDelete) {
        String id = requireId(certificateId);
        String arn = arn(id);
        account.write(state -> {
            AccountState.Certificate certificate = found(state, id);
            if (certificate.status == CertificateStatus.ACTIVE) {
                throw new RegistryError(Kind.CERTIFICATE_STATE, "Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            }
            if (!Things.attachmentsOf(state, arn).isEmpty()) {
                throw new RegistryError(Kind.DELETE_CONFLICT, "Things must be detached before deletion (arn: " + arn + ")");
            }
            if (!forceDelete && state.policyTargets.values().stream().anyMatch(targets -> targets.contains(arn))) {
                throw new RegistryError(Kind.DELETE_CONFLICT, "Certificate policies must be detached before deletion (arn: " + arn + ")");
            }
            state.policyTargets.values().forEach(targets -> targets.remove(arn));
            state.certificates.remove(id);
            return null;
        });
    }

    /**
     * ListCertificates (and ListCertificatesByCA): by creation date, newest first unless {@code ascending}.
     *
     * @param caCertificateId only the certificates this registered CA signed, or empty for all
     * @param marker          the {@code nextMarker} of the page before, or null
     */
    public Page<Summary> list(Optional<String> caCertificateId, String marker, int pageSize, boolean ascending) {
        Optional<String> ca = caCertificateId.map(Certificates::requireId);
        return account.read(state -> {
            List<Listed> ordered = state.certificates.values().stream()
                    .filter(certificate -> ca.isEmpty() || ca.get().equals(certificate.caCertificateId))
                    .map(certificate -> new Listed(listingKey(certificate, ascending), certificate))
                    .toList();
            Page<Listed> page = Page.of(ordered, Listed::key, marker, pageSize);
            return new Page<>(page.items().stream().map(listed -> summary(listed.certificate())).toList(), page.next());
        });
    }

    /** A certificate under the key it sorts by in a listing; the key is what a marker names. */
    private record Listed(String key, AccountState.Certificate certificate) {}

    /**
     * Sorts as the listing does: by creation date, then id, and the other way round for newest first (so one order
     * is the other reversed). A key rather than a comparator, so that a marker whose certificate was deleted in the
     * meantime still finds its place.
     */
    private static String listingKey(AccountState.Certificate certificate, boolean ascending) {
        if (ascending) {
            return String.format(Locale.ROOT, "%019d/%s", certificate.creationDate, certificate.id);
        }
        StringBuilder reversedId = new StringBuilder(certificate.id.length());
        for (char digit : certificate.id.toCharArray()) {
            reversedId.append(Character.forDigit(15 - Character.digit(digit, 16), 16));
        }
        return String.format(Locale.ROOT, "%019d/%s", Long.MAX_VALUE - certificate.creationDate, reversedId);
    }

    private Summary summary(AccountState.Certificate certificate) {
        return new Summary(arn(certificate.id), certificate.id, certificate.status, certificate.certificateMode, certificate.creationDate);
    }

    // ---- the mutual-TLS door

    /** What the account holds of a certificate presented in a TLS handshake, if it is registered. */
    public Optional<Presented> presented(X509Certificate certificate) {
        String id = certificateId(certificate);
        return account.read(state -> Optional.ofNullable(state.certificates.get(id))
                .map(registered -> new Presented(id, registered.status, presentedThings(state, arn(id)))));
    }

    // ---- DeviceCertificates: the emulator's own API over the same certificates

    @Override
    public DeviceCertificate issue(String thingName) {
        requireThingName(thingName);
        KeyPair keys = EcKeys.generate();
        X509Certificate certificate = account.authority().issueDeviceCertificate(keys.getPublic());
        Registered added = account.write(state -> addForThing(state, certificate, thingName));
        account.policies().attachDefault(added.certificateArn());
        return new DeviceCertificate(added.certificateId(), thingName, added.certificatePem(),
                Optional.of(Pem.encodePrivateKey(keys.getPrivate())));
    }

    @Override
    public DeviceCertificate registerFromCsr(String csrPem, String thingName) {
        requireThingName(thingName);
        X509Certificate certificate = account.authority().issueDeviceCertificate(verifiedKeyOf(csrPem));
        Registered added = account.write(state -> addForThing(state, certificate, thingName));
        account.policies().attachDefault(added.certificateArn());
        return new DeviceCertificate(added.certificateId(), thingName, added.certificatePem(), Optional.empty());
    }

    @Override
    public void setStatus(String certificateId, CertificateStatus status) {
        Objects.requireNonNull(status, "status");
        try {
            update(certificateId, status);
        } catch (RegistryError refused) {
            throw refused.kind() == Kind.CERTIFICATE_STATE
                    ? new IllegalStateException(refused.getMessage(), refused)
                    : new IllegalArgumentException(refused.getMessage(), refused);
        }
    }

    @Override
    public Optional<CertificateStatus> status(String certificateId) {
        if (certificateId == null) {
            return Optional.empty();
        }
        String id = certificateId.toLowerCase(Locale.ROOT);
        return account.read(state -> Optional.ofNullable(state.certificates.get(id)).map(certificate -> certificate.status));
    }

    @Override
    public String caCertificatePem() {
        return account.authority().certificatePem();
    }

    // ---- the data directory of older emulators

    /** An entry of the legacy {@code certificates.json}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record LegacyRegistration(String certificateId, String thingName, String certificatePem, CertificateStatus status) {}

    /**
     * Imports the certificates an older emulator kept in {@code certificates.json} in the data directory, each
     * attached to its thing, into an account that has no certificates yet; the file is then renamed to
     * {@code certificates.json.imported}, so it is imported once. Into an account that already has certificates
     * nothing is imported and the file is left alone. Every entry is checked before anything is imported.
     *
     * @throws IllegalStateException naming the file and the entry, if an entry cannot be imported; nothing is then
     */
    public void importLegacyFile(Path dataDirectory) {
        Path file = dataDirectory.resolve(LEGACY_FILE);
        if (!Files.exists(file)) {
            return;
        }
        List<LegacyRegistration> saved;
        try {
            saved = Json.MAPPER.readValue(file.toFile(), new TypeReference<List<LegacyRegistration>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the old certificate registry " + file, e);
        }
        List<X509Certificate> certificates = legacyCertificates(file, saved);
        List<String> importedArns = account.write(state -> {
            if (!state.certificates.isEmpty()) {
                return null;
            }
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < saved.size(); i++) {
                Registered added = add(state, certificates.get(i), saved.get(i).status(), null, DEFAULT_MODE);
                attachToThing(state, added, saved.get(i).thingName());
                arns.add(added.certificateArn());
            }
            return arns;
        });
        // they were issued by the emulator's own API, which now attaches the default policy to what it issues
        if (importedArns != null) {
            importedArns.forEach(account.policies()::attachDefault);
        }
        if (importedArns == null) {
            LOG.warn("{} is not imported: the account already has certificates", file);
            return;
        }
        try {
            Files.move(file, file.resolveSibling(IMPORTED_LEGACY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Imported " + file + " but cannot rename it", e);
        }
        LOG.info("Imported {} certificates from {} into the account", saved.size(), file);
    }

    /** The certificates of the legacy file's entries, each entry checked: a thing name, a status, a certificate listed once. */
    private static List<X509Certificate> legacyCertificates(Path file, List<LegacyRegistration> saved) {
        List<X509Certificate> certificates = new ArrayList<>();
        Map<String, Integer> entryOf = new HashMap<>();
        for (int entry = 1; entry <= saved.size(); entry++) {
            LegacyRegistration registration = saved.get(entry - 1);
            String refused = "Cannot import the old certificate registry " + file + ": entry " + entry + " ";
            try {
                ModelConstraints.name(registration.thingName(), "thingName");
            } catch (RegistryError invalid) {
                throw new IllegalStateException(refused + "has an invalid thing name: " + invalid.getMessage(), invalid);
            }
            if (registration.status() == null) {
                throw new IllegalStateException(refused + "has no status");
            }
            X509Certificate certificate;
            try {
                certificate = Pem.certificate(Objects.requireNonNullElse(registration.certificatePem(), ""));
            } catch (IllegalArgumentException unreadable) {
                throw new IllegalStateException(refused + "has no readable certificatePem: " + unreadable.getMessage(), unreadable);
            }
            String id = certificateId(certificate);
            Integer earlier = entryOf.putIfAbsent(id, entry);
            if (earlier != null) {
                throw new IllegalStateException(refused + "is certificate " + id + " again, as entry " + earlier);
            }
            certificates.add(certificate);
        }
        return certificates;
    }

    // ---- shared steps

    /** The status of a new certificate: INACTIVE unless set as active, as AWS IoT's guide shows it. */
    private static CertificateStatus statusOf(boolean setAsActive) {
        return setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
    }

    /** Adds a certificate, refusing one that is there already; called under the account's lock. */
    private Registered add(AccountState state, X509Certificate certificate, CertificateStatus status, String caCertificateId,
                           String mode) {
        String id = certificateId(certificate);
        if (state.certificates.containsKey(id)) {
            throw RegistryError.alreadyExists("The certificate is already provisioned or registered", id, arn(id));
        }
        AccountState.Certificate added = new AccountState.Certificate();
        added.id = id;
        added.pem = Pem.encode(certificate);
        added.status = status;
        added.caCertificateId = caCertificateId;
        added.certificateMode = mode;
        added.creationDate = account.now();
        added.lastModifiedDate = added.creationDate;
        added.generationId = account.newId();
        state.certificates.put(id, added);
        return new Registered(arn(id), id, added.pem);
    }

    /** An ACTIVE certificate of the emulator's CA attached to a thing, made if absent; called under the account's lock. */
    private Registered addForThing(AccountState state, X509Certificate certificate, String thingName) {
        Registered added = add(state, certificate, CertificateStatus.ACTIVE, null, DEFAULT_MODE);
        attachToThing(state, added, thingName);
        return added;
    }

    private void attachToThing(AccountState state, Registered certificate, String thingName) {
        account.things().ensureThing(state, thingName);
        account.things().attachPrincipal(state, thingName, certificate.certificateArn(), ThingPrincipalType.NON_EXCLUSIVE_THING);
    }

    /** The things a certificate presented to the door is attached to; called under the account's lock. */
    private List<Things.Attachment> presentedThings(AccountState state, String certificateArn) {
        if (presentedThingsAt != account.changes()) {
            presentedThings.clear();
            presentedThingsAt = account.changes();
        }
        return presentedThings.computeIfAbsent(certificateArn, arn -> Things.attachmentsOf(state, arn));
    }

    private AccountState.Certificate found(AccountState state, String id) {
        AccountState.Certificate certificate = state.certificates.get(id);
        if (certificate == null) {
            throw RegistryError.notFound("The certificate " + id + " does not exist");
        }
        return certificate;
    }

    private String arn(String certificateId) {
        return account.arn("cert", certificateId);
    }

    /** A certificate id as a client sent it, checked as the model constrains it and in lower case. */
    private static String requireId(String certificateId) {
        if (!CERTIFICATE_ID.matcher(certificateId).matches()) {
            throw ModelConstraints.violation(certificateId, "certificateId", "Member must have length 64 and match (0x)?[a-fA-F0-9]+");
        }
        return certificateId.toLowerCase(Locale.ROOT);
    }

    /** Refuses the statuses AWS IoT keeps for itself, as UpdateCertificate's documentation says. */
    private static CertificateStatus requireSettable(CertificateStatus status) {
        if (status == CertificateStatus.PENDING_TRANSFER || status == CertificateStatus.PENDING_ACTIVATION) {
            throw RegistryError.invalidRequest("The status " + status + " is used by AWS IoT itself and cannot be set");
        }
        return status;
    }

    /** The control plane's rule for thing names, as the {@link DeviceCertificates} contract reports it. */
    private static void requireThingName(String thingName) {
        try {
            ModelConstraints.name(thingName, "thingName");
        } catch (RegistryError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A certificate a client registers; one that does not parse is AWS IoT's CertificateValidationException.
     *
     * @param member the request member that carries it
     * @param what   what it is, for the message
     */
    private static X509Certificate parse(String pem, String member, String what) {
        if (pem.length() > MAX_PEM_LENGTH) {
            throw ModelConstraints.violation(member, "Member must have length less than or equal to " + MAX_PEM_LENGTH);
        }
        try {
            return Pem.certificate(pem);
        } catch (IllegalArgumentException e) {
            throw new RegistryError(Kind.CERTIFICATE_VALIDATION, "The " + what + " is not a valid X.509 certificate in PEM: " + e.getMessage());
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException notByThisCa) {
            return false;
        }
    }

    /**
     * The public key of a PKCS#10 request whose signature it verifies.
     *
     * @throws IllegalArgumentException if the request does not parse or its signature does not verify
     */
    private static PublicKey verifiedKeyOf(String csrPem) {
        PKCS10CertificationRequest request = Pem.certificationRequest(csrPem);
        try {
            PublicKey publicKey = new JcaPKCS10CertificationRequest(request).getPublicKey();
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
                throw new IllegalArgumentException("The CSR's signature does not match its public key");
            }
            return publicKey;
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("Unusable CSR: " + e.getMessage(), e);
        }
    }

    /** An RSA 2048 key pair, the kind CreateKeysAndCertificate hands out (slow to make: tens of milliseconds). */
    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate RSA keys", e);
        }
    }
}
