package dev.iotlocal.emulator.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import dev.iotlocal.emulator.internal.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the account's certificates do with what other parts attach to them (policies, things), and the import of an
 * older emulator's {@code certificates.json}.
 */
class CertificatesTest {

    private final AccountRegistry account = new AccountRegistry("123456789012", "eu-west-1", CertificateAuthority.generate(), null,
            Clock.systemUTC());
    private final Certificates certificates = account.certificates();

    @TempDir
    Path dataDirectory;

    @Test
    void deleteCertificateWithAPolicyAttachedIsADeleteConflict() {
        String id = inactiveCertificate();
        String arn = account.arn("cert", id);
        attachPolicy("telemetry", arn);

        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> certificates.delete(id, false));

        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.DELETE_CONFLICT);
        assertThat(refused.getMessage()).isEqualTo("Certificate policies must be detached before deletion (arn: " + arn + ")");
        assertThat(certificates.status(id)).contains(CertificateStatus.INACTIVE);
    }

    @Test
    void forceDeleteRemovesACertificateWithAPolicyAttachedAndDetachesIt() {
        String id = inactiveCertificate();
        String arn = account.arn("cert", id);
        attachPolicy("telemetry", arn);

        certificates.delete(id, true);

        assertThat(certificates.status(id)).isEmpty();
        Set<String> targets = account.read(state -> Set.copyOf(state.policyTargets.get("telemetry")));
        assertThat(targets).doesNotContain(arn);
    }

    @Test
    void theDoorLearnsEveryThingOfACertificateAndHowItIsAttachedAsTheAccountChanges() {
        DeviceCertificate issued = certificates.issue("first");
        assertThat(certificates.presented(Pem.certificate(issued.certificatePem())).orElseThrow().things())
                .containsExactly(new Things.Attachment("first", ThingPrincipalType.NON_EXCLUSIVE_THING));

        account.write(state -> {
            account.things().ensureThing(state, "second");
            account.things().attachPrincipal(state, "second", account.arn("cert", issued.certificateId()), ThingPrincipalType.NON_EXCLUSIVE_THING);
            return null;
        });

        assertThat(certificates.presented(Pem.certificate(issued.certificatePem())).orElseThrow().things())
                .extracting(Things.Attachment::name).containsExactly("first", "second");
    }

    @Test
    void anOlderEmulatorsCertificatesAreImportedWithTheirThingsAndTheFileRenamed() throws Exception {
        DeviceCertificate sensor = legacyCertificate();
        DeviceCertificate benched = legacyCertificate();
        writeLegacyFile(List.of(legacyEntry(sensor, "sensor", "ACTIVE"), legacyEntry(benched, "benched", "INACTIVE")));

        certificates.importLegacyFile(dataDirectory);

        assertThat(certificates.status(sensor.certificateId())).contains(CertificateStatus.ACTIVE);
        assertThat(certificates.status(benched.certificateId())).contains(CertificateStatus.INACTIVE);
        assertThat(certificates.presented(Pem.certificate(sensor.certificatePem())).orElseThrow().things())
                .extracting(Things.Attachment::name).containsExactly("sensor");
        Set<String> things = account.read(state -> Set.copyOf(state.things.keySet()));
        assertThat(things).contains("sensor", "benched");
        assertThat(dataDirectory.resolve(Certificates.LEGACY_FILE)).doesNotExist();
        assertThat(dataDirectory.resolve(Certificates.IMPORTED_LEGACY_FILE)).exists();
    }

    @Test
    void anOlderEmulatorsFileIsLeftAloneWhenTheAccountHasCertificatesAlready() throws Exception {
        String kept = certificates.issue("kept").certificateId();
        DeviceCertificate old = legacyCertificate();
        writeLegacyFile(List.of(legacyEntry(old, "old", "ACTIVE")));

        certificates.importLegacyFile(dataDirectory);

        assertThat(certificates.status(old.certificateId())).isEmpty();
        assertThat(certificates.status(kept)).contains(CertificateStatus.ACTIVE);
        assertThat(dataDirectory.resolve(Certificates.LEGACY_FILE)).exists();
    }

    @Test
    void anOlderEmulatorsEntryWithAnInvalidThingNameFailsTheImportNamingFileAndEntryAndImportsNothing() throws Exception {
        writeLegacyFile(List.of(legacyEntry(legacyCertificate(), "fine", "ACTIVE"), legacyEntry(legacyCertificate(), "not fine!", "ACTIVE")));

        assertImportRefused("entry 2 has an invalid thing name: 1 validation error detected: Value 'not fine!' at 'thingName' "
                + "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+");
    }

    @Test
    void anOlderEmulatorsEntryWithoutAStatusFailsTheImportAndImportsNothing() throws Exception {
        DeviceCertificate certificate = legacyCertificate();
        writeLegacyFile(List.of(legacyEntry(legacyCertificate(), "fine", "ACTIVE"), Map.of("certificateId", certificate.certificateId(),
                "thingName", "statusless", "certificatePem", certificate.certificatePem())));

        assertImportRefused("entry 2 has no status");
    }

    @Test
    void anOlderEmulatorsCertificateListedTwiceFailsTheImportAndImportsNothing() throws Exception {
        DeviceCertificate twice = legacyCertificate();
        writeLegacyFile(List.of(legacyEntry(twice, "first", "ACTIVE"), legacyEntry(twice, "second", "INACTIVE")));

        assertImportRefused("entry 2 is certificate " + twice.certificateId() + " again, as entry 1");
    }

    private void assertImportRefused(String problem) {
        Path file = dataDirectory.resolve(Certificates.LEGACY_FILE);

        IllegalStateException refused = catchThrowableOfType(IllegalStateException.class, () -> certificates.importLegacyFile(dataDirectory));

        assertThat(refused).hasMessage("Cannot import the old certificate registry " + file + ": " + problem);
        int imported = account.read(state -> state.certificates.size() + state.things.size());
        assertThat(imported).isZero();
        assertThat(file).exists();
    }

    @Test
    void anAccountSavedWithTheFormerIssuedByEmulatorFlagStillLoads() throws Exception {
        AccountState saved = Json.MAPPER.readValue("{\"certificates\": {\"" + "a".repeat(64) + "\": {\"id\": \"" + "a".repeat(64)
                + "\", \"status\": \"ACTIVE\", \"issuedByEmulator\": true}}}", AccountState.class);

        assertThat(saved.certificates.get("a".repeat(64)).status).isEqualTo(CertificateStatus.ACTIVE);
    }

    private String inactiveCertificate() {
        String pem = Pem.encode(CertificateAuthority.generate().issueDeviceCertificate(EcKeys.generate().getPublic()));
        return certificates.registerWithoutCa(pem, CertificateStatus.INACTIVE).certificateId();
    }

    /** What AttachPolicy records, written directly: policies are another part's business. */
    private void attachPolicy(String policyName, String target) {
        account.write(state -> state.policyTargets.computeIfAbsent(policyName, name -> new LinkedHashSet<>()).add(target));
    }

    /** A certificate of the account's CA that the account does not know yet, as an older emulator issued them. */
    private DeviceCertificate legacyCertificate() {
        String pem = Pem.encode(account.authority().issueDeviceCertificate(EcKeys.generate().getPublic()));
        return new DeviceCertificate(Certificates.certificateId(Pem.certificate(pem)), "legacy", pem, Optional.empty());
    }

    private static Map<String, String> legacyEntry(DeviceCertificate certificate, String thingName, String status) {
        return Map.of("certificateId", certificate.certificateId(), "thingName", thingName,
                "certificatePem", certificate.certificatePem(), "status", status);
    }

    private void writeLegacyFile(List<Map<String, String>> entries) throws Exception {
        Files.write(dataDirectory.resolve(Certificates.LEGACY_FILE), Json.PRETTY.writeValueAsBytes(entries));
    }
}
