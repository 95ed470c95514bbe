package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.refusedStartingWith;
import static dev.iotlocal.emulator.support.IotRefusals.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListCertificatesByCaResponse;
import software.amazon.awssdk.services.iot.model.RegisterCertificateResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * AWS IoT's certificate operations as {@code IotClient} sees them: each one's answer, and each refusal with its HTTP
 * status, error code and message.
 */
class IotCertificatesApiTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());
    /** A CA the emulator does not know, as a fleet's own PKI would be. */
    private static final CertificateAuthority FOREIGN_CA = CertificateAuthority.generate();
    private static final String UNKNOWN_ID = "0".repeat(64);

    private final IotClient iot = running.iot();

    // ---- CreateKeysAndCertificate

    @Test
    void createKeysAndCertificateHandsOutAnRsaKeyPairCertifiedByTheEmulatorCa() throws Exception {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(b -> b.setAsActive(true));

        X509Certificate certificate = Pem.certificate(created.certificatePem());
        assertThat(created.certificateId()).matches("[0-9a-f]{64}").isEqualTo(Certificates.certificateId(certificate));
        assertThat(created.certificateArn()).isEqualTo(arn(created.certificateId()));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=AWS IoT Certificate");
        certificate.verify(Pem.certificate(running.get().certificates().caCertificatePem()).getPublicKey());
        RSAPublicKey publicKey = (RSAPublicKey) certificate.getPublicKey();
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
        assertThat(created.keyPair().publicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(created.keyPair().privateKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(((RSAPrivateCrtKey) Pem.privateKey(created.keyPair().privateKey())).getModulus()).isEqualTo(publicKey.getModulus());
        assertThat(describe(created.certificateId()).status()).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void createKeysAndCertificateWithoutSetAsActiveIsInactive() {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate();

        assertThat(describe(created.certificateId()).status()).isEqualTo(CertificateStatus.INACTIVE);
    }

    // ---- CreateCertificateFromCsr

    @Test
    void createCertificateFromCsrCertifiesTheRequestsKey() {
        KeyPair deviceKey = EcKeys.generate();
        String csr = csr(deviceKey, deviceKey);

        CreateCertificateFromCsrResponse created = iot.createCertificateFromCsr(b -> b.certificateSigningRequest(csr).setAsActive(true));

        X509Certificate certificate = Pem.certificate(created.certificatePem());
        assertThat(certificate.getPublicKey()).isEqualTo(deviceKey.getPublic());
        assertThat(created.certificateId()).isEqualTo(Certificates.certificateId(certificate));
        assertThat(created.certificateArn()).isEqualTo(arn(created.certificateId()));
        assertThat(describe(created.certificateId()).status()).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void createCertificateFromCsrWithoutSetAsActiveIsInactive() {
        KeyPair deviceKey = EcKeys.generate();
        String csr = csr(deviceKey, deviceKey);

        CreateCertificateFromCsrResponse created = iot.createCertificateFromCsr(b -> b.certificateSigningRequest(csr));

        assertThat(describe(created.certificateId()).status()).isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void createCertificateFromCsrWhoseSignatureDoesNotVerifyIsAnInvalidRequest() {
        String forged = csr(EcKeys.generate(), EcKeys.generate());

        refused(InvalidRequestException.class, 400,
                "The certificate signing request is not valid: The CSR's signature does not match its public key",
                () -> iot.createCertificateFromCsr(b -> b.certificateSigningRequest(forged)));
    }

    @Test
    void createCertificateFromSomethingThatIsNoCsrIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400,
                "The certificate signing request is not valid: Not a PEM certificate signing request (PKCS#10)",
                () -> iot.createCertificateFromCsr(b -> b.certificateSigningRequest(foreignCertificatePem())));
    }

    // ---- RegisterCertificate

    @Test
    void registerCertificateWithItsCaRecordsTheCa() {
        String pem = foreignCertificatePem();

        RegisterCertificateResponse registered = iot.registerCertificate(b -> b.certificatePem(pem)
                .caCertificatePem(FOREIGN_CA.certificatePem()).status(CertificateStatus.ACTIVE));

        assertThat(registered.certificateId()).isEqualTo(Certificates.certificateId(Pem.certificate(pem)));
        assertThat(registered.certificateArn()).isEqualTo(arn(registered.certificateId()));
        CertificateDescription description = describe(registered.certificateId());
        assertThat(description.caCertificateId()).isEqualTo(Certificates.certificateId(FOREIGN_CA.certificate()));
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(description.certificateMode()).isEqualTo(CertificateMode.DEFAULT);
        assertThat(Pem.certificate(description.certificatePem())).isEqualTo(Pem.certificate(pem));
    }

    @Test
    void registerCertificateWithoutStatusIsInactive() {
        RegisterCertificateResponse registered = iot.registerCertificate(b -> b.certificatePem(foreignCertificatePem())
                .caCertificatePem(FOREIGN_CA.certificatePem()));

        assertThat(describe(registered.certificateId()).status()).isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void aDeletedCertificateOfTheEmulatorCaCanBeRegisteredAgainWithoutNamingTheCa() {
        CreateCertificateFromCsrResponse created = emulatorCaCertificate(false);
        iot.deleteCertificate(b -> b.certificateId(created.certificateId()));

        RegisterCertificateResponse registered = iot.registerCertificate(b -> b.certificatePem(created.certificatePem())
                .setAsActive(true));

        assertThat(registered.certificateId()).isEqualTo(created.certificateId());
        CertificateDescription description = describe(registered.certificateId());
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(description.caCertificateId()).as("the emulator's own CA, like Amazon's, has no id").isNull();
    }

    @Test
    void registerCertificateOfAnUnknownCaWithoutItsCaIsACertificateValidationError() {
        refused(CertificateValidationException.class, 400, "The certificate is not signed by a registered CA certificate: "
                        + "give its caCertificatePem, or use RegisterCertificateWithoutCA",
                () -> iot.registerCertificate(b -> b.certificatePem(foreignCertificatePem())));
    }

    @Test
    void registerCertificateWithACaThatDidNotSignItIsACertificateValidationError() {
        refused(CertificateValidationException.class, 400, "The certificate is not signed by the CA certificate given",
                () -> iot.registerCertificate(b -> b.certificatePem(foreignCertificatePem())
                        .caCertificatePem(CertificateAuthority.generate().certificatePem())));
    }

    @Test
    void registerCertificateOfAMalformedPemIsACertificateValidationError() {
        // what follows is the certificate parser's own account of what is wrong
        refusedStartingWith(CertificateValidationException.class, 400, "The certificate is not a valid X.509 certificate in PEM: ",
                () -> iot.registerCertificate(b -> b.certificatePem("-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n")
                        .caCertificatePem(FOREIGN_CA.certificatePem())));
    }

    @Test
    void registerCertificateWithAStatusAwsIotKeepsForItselfIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, "The status PENDING_ACTIVATION is used by AWS IoT itself and cannot be set",
                () -> iot.registerCertificate(b -> b.certificatePem(foreignCertificatePem())
                        .caCertificatePem(FOREIGN_CA.certificatePem()).status(CertificateStatus.PENDING_ACTIVATION)));
    }

    @Test
    void aCertificateRegisteredRevokedCanNeverBeActivated() {
        var registered = iot.registerCertificateWithoutCA(b -> b.certificatePem(foreignCertificatePem())
                .status(CertificateStatus.REVOKED));

        refused(CertificateStateException.class, 406, "Certificate " + registered.certificateId() + " is revoked and cannot become ACTIVE",
                () -> iot.updateCertificate(b -> b.certificateId(registered.certificateId()).newStatus(CertificateStatus.ACTIVE)));

        assertThat(describe(registered.certificateId()).status()).isEqualTo(CertificateStatus.REVOKED);
    }

    // ---- RegisterCertificateWithoutCA

    @Test
    void registerCertificateWithoutCaTakesACertificateOfAnyCaInSniOnlyMode() {
        String pem = foreignCertificatePem();

        var registered = iot.registerCertificateWithoutCA(b -> b.certificatePem(pem).status(CertificateStatus.ACTIVE));

        assertThat(registered.certificateId()).isEqualTo(Certificates.certificateId(Pem.certificate(pem)));
        assertThat(registered.certificateArn()).isEqualTo(arn(registered.certificateId()));
        CertificateDescription description = describe(registered.certificateId());
        assertThat(description.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        assertThat(description.caCertificateId()).isNull();
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void registeringACertificateTwiceIsRefusedWithItsIdAndArn() {
        String pem = foreignCertificatePem();
        String id = iot.registerCertificateWithoutCA(b -> b.certificatePem(pem)).certificateId();

        ResourceAlreadyExistsException refused = refused(ResourceAlreadyExistsException.class, 409,
                "The certificate is already provisioned or registered",
                () -> iot.registerCertificate(b -> b.certificatePem(pem).caCertificatePem(FOREIGN_CA.certificatePem())));

        assertThat(refused.resourceId()).isEqualTo(id);
        assertThat(refused.resourceArn()).isEqualTo(arn(id));
    }

    @Test
    void registerCertificateWithoutCaOfAMalformedPemIsACertificateValidationError() {
        refused(CertificateValidationException.class, 400, "The certificate is not a valid X.509 certificate in PEM: No PEM object found",
                () -> iot.registerCertificateWithoutCA(b -> b.certificatePem("not a certificate")));
    }

    // ---- DescribeCertificate

    @Test
    void describeCertificateAnswersEveryMemberAwsIotAnswers() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CreateCertificateFromCsrResponse created = emulatorCaCertificate(true);
        Instant after = Instant.now();

        CertificateDescription description = describe(created.certificateId());

        X509Certificate certificate = Pem.certificate(created.certificatePem());
        assertThat(description.certificateArn()).isEqualTo(created.certificateArn());
        assertThat(description.certificateId()).isEqualTo(created.certificateId());
        assertThat(description.caCertificateId()).isNull();
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(description.certificatePem()).isEqualTo(created.certificatePem());
        assertThat(description.ownedBy()).isEqualTo(running.get().config().accountId());
        assertThat(description.creationDate()).isBetween(before, after);
        assertThat(description.lastModifiedDate()).isEqualTo(description.creationDate());
        assertThat(description.customerVersion()).isEqualTo(1);
        assertThat(description.generationId()).matches(ControlPlane.CANONICAL_UUID);
        assertThat(description.validity().notBefore()).isEqualTo(certificate.getNotBefore().toInstant());
        assertThat(description.validity().notAfter()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(description.certificateMode()).isEqualTo(CertificateMode.DEFAULT);
    }

    @Test
    void describeCertificateOfAnUnknownIdIsNotFound() {
        refused(ResourceNotFoundException.class, 404, "The certificate " + UNKNOWN_ID + " does not exist",
                () -> iot.describeCertificate(b -> b.certificateId(UNKNOWN_ID)));
    }

    @Test
    void describeCertificateOfAnIdThatIsNo64HexDigitsIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400,
                validationError("not-an-id", "certificateId", "Member must have length 64 and match (0x)?[a-fA-F0-9]+"),
                () -> iot.describeCertificate(b -> b.certificateId("not-an-id")));
    }

    // ---- UpdateCertificate

    @Test
    void updateCertificateChangesTheStatusAndCountsTheChange() {
        String id = emulatorCaCertificate(true).certificateId();
        Instant created = describe(id).creationDate();

        iot.updateCertificate(b -> b.certificateId(id).newStatus(CertificateStatus.INACTIVE));

        CertificateDescription description = describe(id);
        assertThat(description.status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(description.customerVersion()).isEqualTo(2);
        assertThat(description.lastModifiedDate()).isAfter(created);
        assertThat(running.get().certificates().status(id)).contains(dev.iotlocal.emulator.identity.CertificateStatus.INACTIVE);
    }

    @Test
    void updateCertificateToTheStatusItHasChangesNothing() {
        String id = emulatorCaCertificate(false).certificateId();

        iot.updateCertificate(b -> b.certificateId(id).newStatus(CertificateStatus.INACTIVE));

        CertificateDescription description = describe(id);
        assertThat(description.status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(description.customerVersion()).isEqualTo(1);
    }

    @Test
    void updateCertificateToPendingTransferIsAnInvalidRequest() {
        String id = emulatorCaCertificate(false).certificateId();

        refused(InvalidRequestException.class, 400, "The status PENDING_TRANSFER is used by AWS IoT itself and cannot be set",
                () -> iot.updateCertificate(b -> b.certificateId(id).newStatus(CertificateStatus.PENDING_TRANSFER)));
    }

    @Test
    void updateCertificateOfAnUnknownIdIsNotFound() {
        refused(ResourceNotFoundException.class, 404, "The certificate " + UNKNOWN_ID + " does not exist",
                () -> iot.updateCertificate(b -> b.certificateId(UNKNOWN_ID).newStatus(CertificateStatus.INACTIVE)));
    }

    // ---- DeleteCertificate

    @Test
    void deleteCertificateRemovesAnInactiveCertificate() {
        String id = emulatorCaCertificate(false).certificateId();

        iot.deleteCertificate(b -> b.certificateId(id));

        refused(ResourceNotFoundException.class, 404, "The certificate " + id + " does not exist", () -> describe(id));
        assertThat(listedIds(false)).doesNotContain(id);
        assertThat(running.get().certificates().status(id)).isEmpty();
    }

    @Test
    void deleteCertificateRemovesARevokedCertificate() {
        String id = iot.registerCertificateWithoutCA(b -> b.certificatePem(foreignCertificatePem()).status(CertificateStatus.REVOKED))
                .certificateId();

        iot.deleteCertificate(b -> b.certificateId(id));

        refused(ResourceNotFoundException.class, 404, "The certificate " + id + " does not exist", () -> describe(id));
    }

    @Test
    void deleteCertificateThatIsActiveIsRefusedBeforeItsThingIsConsidered() {
        String id = running.get().certificates().issue("active-owner").certificateId();

        refused(CertificateStateException.class, 406, "Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id,
                () -> iot.deleteCertificate(b -> b.certificateId(id)));
    }

    @Test
    void deleteCertificateAttachedToAThingIsADeleteConflict() {
        String id = running.get().certificates().issue("owner").certificateId();
        iot.updateCertificate(b -> b.certificateId(id).newStatus(CertificateStatus.INACTIVE));

        refused(DeleteConflictException.class, 409, "Things must be detached before deletion (arn: " + arn(id) + ")",
                () -> iot.deleteCertificate(b -> b.certificateId(id).forceDelete(true)));
    }

    @Test
    void deleteCertificateWithAPolicyAttachedIsADeleteConflictUnlessForced() {
        String id = emulatorCaCertificate(false).certificateId();
        iot.createPolicy(b -> b.policyName("held-by-a-certificate").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));
        iot.attachPolicy(b -> b.policyName("held-by-a-certificate").target(arn(id)));

        refused(DeleteConflictException.class, 409, "Certificate policies must be detached before deletion (arn: " + arn(id) + ")",
                () -> iot.deleteCertificate(b -> b.certificateId(id)));

        iot.deleteCertificate(b -> b.certificateId(id).forceDelete(true));
        assertThat(iot.listTargetsForPolicy(b -> b.policyName("held-by-a-certificate")).targets()).as("detached by the forced delete").isEmpty();
    }

    @Test
    void deleteCertificateOfAnUnknownIdIsNotFound() {
        refused(ResourceNotFoundException.class, 404, "The certificate " + UNKNOWN_ID + " does not exist",
                () -> iot.deleteCertificate(b -> b.certificateId(UNKNOWN_ID)));
    }

    // ---- ListCertificates and ListCertificatesByCA

    @Test
    void listCertificatesWalkedPageByPageIsTheWholeListNewestFirst() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(emulatorCaCertificate(false).certificateId());
        }

        List<String> walked = listedIds(false);

        assertThat(iot.listCertificatesPaginator(b -> b.pageSize(2)).stream().count()).isGreaterThan(2);
        assertThat(walked).isEqualTo(iot.listCertificates(b -> b.pageSize(250)).certificates().stream()
                .map(certificate -> certificate.certificateId()).toList());
        List<String> newestFirst = new ArrayList<>(mine);
        Collections.reverse(newestFirst);
        assertThat(walked.stream().filter(mine::contains).toList()).isEqualTo(newestFirst);
    }

    @Test
    void listCertificatesInAscendingOrderIsTheOtherOrderReversed() {
        emulatorCaCertificate(false);
        emulatorCaCertificate(false);

        List<String> descending = new ArrayList<>(listedIds(false));
        List<String> ascending = listedIds(true);

        Collections.reverse(descending);
        assertThat(ascending).isEqualTo(descending);
    }

    @Test
    void listCertificatesNamesEachCertificatesArnStatusModeAndCreationDate() {
        String id = iot.registerCertificateWithoutCA(b -> b.certificatePem(foreignCertificatePem()).status(CertificateStatus.ACTIVE))
                .certificateId();

        var listed = iot.listCertificatesPaginator(b -> b.pageSize(3)).certificates().stream()
                .filter(certificate -> certificate.certificateId().equals(id)).findFirst().orElseThrow();

        CertificateDescription description = describe(id);
        assertThat(listed.certificateArn()).isEqualTo(arn(id));
        assertThat(listed.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(listed.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        assertThat(listed.creationDate()).isEqualTo(description.creationDate());
    }

    @Test
    void listCertificatesWithAPageSizeOver250IsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, validationError("251", "pageSize", "Member must have value between 1 and 250"),
                () -> iot.listCertificates(b -> b.pageSize(251)));
    }

    @Test
    void listCertificatesWithAMarkerItDidNotHandOutIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, "The pagination token is invalid.",
                () -> iot.listCertificates(b -> b.marker("made-up")));
    }

    @Test
    void listCertificatesByCaListsOnlyTheCertificatesThatCaSignedPageByPage() {
        CertificateAuthority fleetCa = CertificateAuthority.generate();
        List<String> signed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String pem = Pem.encode(fleetCa.issueDeviceCertificate(EcKeys.generate().getPublic()));
            signed.add(iot.registerCertificate(b -> b.certificatePem(pem).caCertificatePem(fleetCa.certificatePem())).certificateId());
        }
        iot.registerCertificate(b -> b.certificatePem(foreignCertificatePem()).caCertificatePem(FOREIGN_CA.certificatePem()));

        List<ListCertificatesByCaResponse> pages = iot.listCertificatesByCAPaginator(
                b -> b.caCertificateId(Certificates.certificateId(fleetCa.certificate())).pageSize(1)).stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.certificates().stream()).map(certificate -> certificate.certificateId()))
                .containsExactlyInAnyOrderElementsOf(signed);
    }

    // ---- helpers

    private CertificateDescription describe(String id) {
        return iot.describeCertificate(b -> b.certificateId(id)).certificateDescription();
    }

    private List<String> listedIds(boolean ascending) {
        return iot.listCertificatesPaginator(b -> b.pageSize(2).ascendingOrder(ascending)).certificates().stream()
                .map(certificate -> certificate.certificateId()).toList();
    }

    private static String arn(String certificateId) {
        EmulatorConfig config = running.get().config();
        return "arn:aws:iot:" + config.region() + ":" + config.accountId() + ":cert/" + certificateId;
    }

    /** A fresh device certificate of {@link #FOREIGN_CA}. */
    private static String foreignCertificatePem() {
        return Pem.encode(FOREIGN_CA.issueDeviceCertificate(EcKeys.generate().getPublic()));
    }

    /**
     * A certificate of the emulator's CA, for tests that do not care how it was made: from a CSR of an EC key, quick to
     * make, where CreateKeysAndCertificate makes an RSA key of about 100 ms.
     */
    private CreateCertificateFromCsrResponse emulatorCaCertificate(boolean setAsActive) {
        KeyPair key = EcKeys.generate();
        return iot.createCertificateFromCsr(b -> b.certificateSigningRequest(csr(key, key)).setAsActive(setAsActive));
    }

    /** A CSR for {@code subject}'s public key, signed with {@code signer}'s private key. */
    private static String csr(KeyPair subject, KeyPair signer) {
        try {
            return Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device"), subject.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("This JVM cannot sign with ECDSA", e);
        }
    }

}
