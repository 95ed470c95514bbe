package dev.iotlocal.emulator.internal.cli;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.policy.PolicyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Gives each configured thing a certificate in the data directory, keeping one that is still registered and active. */
final class Provisioning {

    private Provisioning() {}

    static ConnectionFile provision(IotEmulator emulator, Path dataDirectory, List<String> things) {
        try {
            Path caFile = dataDirectory.resolve("ca.pem").toAbsolutePath();
            if (!Files.exists(caFile)) {
                Files.writeString(caFile, emulator.certificates().caCertificatePem(), StandardCharsets.US_ASCII);
            }
            List<ConnectionFile.Device> devices = new ArrayList<>();
            for (String thing : things) {
                Path directory = dataDirectory.resolve("things").resolve(thing).toAbsolutePath();
                Path certificateFile = directory.resolve(thing + ".cert.pem");
                Path keyFile = directory.resolve(thing + ".private.key");
                String certificateId = reusableCertificateId(emulator, certificateFile, keyFile)
                        .orElseGet(() -> {
                            DeviceCertificate issued = emulator.certificates().issue(thing);
                            issued.writeTo(directory);
                            return issued.certificateId();
                        });
                devices.add(new ConnectionFile.Device(thing, certificateId, certificateFile.toString(), keyFile.toString()));
            }
            var config = emulator.config();
            var user = config.cognito().users().get(0);
            String awsEndpoint = emulator.endpoints().awsApiEndpoint().toString();
            Optional<String> defaultPolicy = config.policies().defaultPolicy();
            return new ConnectionFile(ConnectionFile.VERSION, config.region(), config.accountId(),
                    emulator.endpoints().host(), emulator.endpoints().mtlsPort(), caFile.toString(), List.copyOf(devices),
                    awsEndpoint, emulator.endpoints().wssPort(), config.identityPoolId(),
                    config.userPoolId(), config.cognito().appClientId(), config.cognito().authFunctionName(),
                    new ConnectionFile.DemoUser(user.username(), user.password()), awsEndpoint,
                    emulator.accountCredentials().accessKeyId(), emulator.accountCredentials().secretAccessKey(),
                    defaultPolicy.map(document -> PolicyConfig.DEFAULT_POLICY_NAME).orElse(null), defaultPolicy.orElse(null),
                    emulator.endpoints().dataEndpoint().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot provision things in " + dataDirectory, e);
        }
    }

    private static Optional<String> reusableCertificateId(IotEmulator emulator, Path certificateFile, Path keyFile) throws IOException {
        if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
            return Optional.empty();
        }
        String id = Certificates.certificateId(Pem.certificate(Files.readString(certificateFile, StandardCharsets.US_ASCII)));
        return emulator.certificates().status(id).filter(status -> status == CertificateStatus.ACTIVE).map(status -> id);
    }
}
