package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.internal.registry.Page;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * AWS IoT's certificate operations, as the service model binds them: CreateKeysAndCertificate,
 * CreateCertificateFromCsr, RegisterCertificate, RegisterCertificateWithoutCA, DescribeCertificate,
 * UpdateCertificate, DeleteCertificate, ListCertificates and ListCertificatesByCA. Reads the request, asks
 * {@link Certificates}, writes the answer with the model's member names.
 */
final class IotCertificatesApi {

    private static final int DEFAULT_PAGE_SIZE = 25;
    private static final int MAX_PAGE_SIZE = 250;

    private IotCertificatesApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
        routes.add("CreateKeysAndCertificate", "POST", "/keys-and-certificate", request -> {
            Certificates.KeysAndCertificate created = certificates(account)
                    .createKeysAndCertificate(request.booleanQuery("setAsActive", false));
            ObjectNode answer = IotRequest.answer()
                    .put("certificateArn", created.certificateArn())
                    .put("certificateId", created.certificateId())
                    .put("certificatePem", created.certificatePem());
            answer.putObject("keyPair").put("PublicKey", created.publicKeyPem()).put("PrivateKey", created.privateKeyPem());
            return answer;
        });
        routes.add("CreateCertificateFromCsr", "POST", "/certificates", request -> {
            Certificates.Registered created = certificates(account).createFromCsr(
                    request.requiredString("certificateSigningRequest"), request.booleanQuery("setAsActive", false));
            return registered(created).put("certificatePem", created.certificatePem());
        });
        routes.add("RegisterCertificate", "POST", "/certificate/register", request -> {
            // setAsActive is deprecated in favour of status; when true it wins
            CertificateStatus status = request.booleanQuery("setAsActive", false)
                    ? CertificateStatus.ACTIVE
                    : request.string("status").map(text -> status(text, "status")).orElse(CertificateStatus.INACTIVE);
            return registered(certificates(account).register(request.requiredString("certificatePem"),
                    request.string("caCertificatePem"), status));
        });
        routes.add("RegisterCertificateWithoutCA", "POST", "/certificate/register-no-ca", request -> registered(
                certificates(account).registerWithoutCa(request.requiredString("certificatePem"),
                        request.string("status").map(text -> status(text, "status")).orElse(CertificateStatus.INACTIVE))));
        routes.add("DescribeCertificate", "GET", "/certificates/{certificateId}", request ->
                description(certificates(account).describe(request.label("certificateId"))));
        routes.add("UpdateCertificate", "PUT", "/certificates/{certificateId}", request -> {
            certificates(account).update(request.label("certificateId"),
                    status(request.requiredQuery("newStatus"), "newStatus"));
            return null;
        });
        routes.add("DeleteCertificate", "DELETE", "/certificates/{certificateId}", request -> {
            certificates(account).delete(request.label("certificateId"), request.booleanQuery("forceDelete", false));
            return null;
        });
        routes.add("ListCertificates", "GET", "/certificates", request -> list(account, request, Optional.empty()));
        routes.add("ListCertificatesByCA", "GET", "/certificates-by-ca/{caCertificateId}", request ->
                list(account, request, Optional.of(request.label("caCertificateId"))));
    }

    private static Certificates certificates(Supplier<AccountRegistry> account) {
        return account.get().certificates();
    }

    private static ObjectNode registered(Certificates.Registered registered) {
        return IotRequest.answer().put("certificateArn", registered.certificateArn()).put("certificateId", registered.certificateId());
    }

    private static ObjectNode description(Certificates.Description certificate) {
        ObjectNode answer = IotRequest.answer();
        ObjectNode description = answer.putObject("certificateDescription")
                .put("certificateArn", certificate.certificateArn())
                .put("certificateId", certificate.certificateId());
        certificate.caCertificateId().ifPresent(id -> description.put("caCertificateId", id));
        description.put("status", certificate.status().name())
                .put("certificatePem", certificate.certificatePem())
                .put("ownedBy", certificate.ownedBy())
                .put("creationDate", IotRequest.epochSeconds(certificate.creationDate()))
                .put("lastModifiedDate", IotRequest.epochSeconds(certificate.lastModifiedDate()))
                .put("customerVersion", certificate.customerVersion())
                .put("generationId", certificate.generationId());
        description.putObject("validity")
                .put("notBefore", IotRequest.epochSeconds(certificate.notBefore().toEpochMilli()))
                .put("notAfter", IotRequest.epochSeconds(certificate.notAfter().toEpochMilli()));
        description.put("certificateMode", certificate.certificateMode());
        return answer;
    }

    private static ObjectNode list(Supplier<AccountRegistry> account, IotRequest request, Optional<String> caCertificateId) {
        Page<Certificates.Summary> page = certificates(account).list(caCertificateId, request.query("marker").orElse(null),
                request.intQuery("pageSize", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE), request.booleanQuery("isAscendingOrder", false));
        return IotPages.answer("certificates", IotPages.NEXT_MARKER, page, (certificates, summary) -> certificates.addObject()
                .put("certificateArn", summary.certificateArn())
                .put("certificateId", summary.certificateId())
                .put("status", summary.status().name())
                .put("certificateMode", summary.certificateMode())
                .put("creationDate", IotRequest.epochSeconds(summary.creationDate())));
    }

    /** A status as the model spells it; anything else is the validation error AWS answers. */
    private static CertificateStatus status(String text, String member) {
        return Arrays.stream(CertificateStatus.values())
                .filter(status -> status.name().equals(text))
                .findFirst()
                .orElseThrow(() -> ModelConstraints.violation(text, member, "Member must satisfy enum value set: "
                        + Arrays.toString(CertificateStatus.values())));
    }

}
