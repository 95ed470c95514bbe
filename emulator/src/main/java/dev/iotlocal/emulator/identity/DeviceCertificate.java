package dev.iotlocal.emulator.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * A device certificate registered with the emulator, as AWS IoT's {@code CreateKeysAndCertificate} or
 * {@code CreateCertificateFromCsr} returns it. Immutable and safe to share between threads.
 *
 * @param certificateId  the hex SHA-256 of the certificate's DER encoding, as AWS IoT computes it
 * @param thingName      the thing the certificate was issued for
 * @param certificatePem the certificate in PEM form
 * @param privateKeyPem  the private key in PEM form; empty when the certificate came from a CSR
 */
public record DeviceCertificate(
        String certificateId, String thingName, String certificatePem, Optional<String> privateKeyPem) {

    public DeviceCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    /**
     * Writes {@code <thingName>.cert.pem} and, when there is one, {@code <thingName>.private.key} (owner-only
     * permissions where the file system supports them) into a directory, as the AWS console's download does.
     *
     * @return the certificate file; the key file sits beside it
     */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Path certificateFile = directory.resolve(thingName + ".cert.pem");
            Files.writeString(certificateFile, certificatePem, StandardCharsets.US_ASCII);
            if (privateKeyPem.isPresent()) {
                Path keyFile = directory.resolve(thingName + ".private.key");
                Files.writeString(keyFile, privateKeyPem.get(), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the directory's ACL applies
                }
            }
            return certificateFile;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the certificate of " + thingName + " to " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "DeviceCertificate[" + certificateId + " for " + thingName + "]";
    }
}
