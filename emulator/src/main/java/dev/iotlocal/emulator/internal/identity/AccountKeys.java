package dev.iotlocal.emulator.internal.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.internal.pki.SecureFiles;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.IssuedSecret;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The account administrator's access key: the configured one, else the one kept in the data directory
 * ({@code account-credentials.json}, owner-only), else a new one, saved there when there is a data directory.
 */
public final class AccountKeys {

    static final String FILE_NAME = "account-credentials.json";

    private AccountKeys() {}

    public static AccountCredentials resolve(EmulatorConfig config) {
        if (config.accountCredentials().isPresent()) {
            return config.accountCredentials().get();
        }
        if (config.dataDirectory().isEmpty()) {
            return AccountCredentials.generate();
        }
        Path file = config.dataDirectory().get().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                JsonNode saved = Json.MAPPER.readTree(file.toFile());
                return new AccountCredentials(saved.path("accessKeyId").asText(), saved.path("secretAccessKey").asText());
            }
            AccountCredentials made = AccountCredentials.generate();
            Files.createDirectories(file.getParent());
            SecureFiles.writeOwnerOnly(file, Json.PRETTY.writeValueAsString(Json.MAPPER.createObjectNode()
                    .put("accessKeyId", made.accessKeyId()).put("secretAccessKey", made.secretAccessKey())));
            return made;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read or write the account's access key in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The administrator key first, then the credentials Cognito issued: every key whose signature on a control-plane
     * request is verified (only the administrator's is then served; Cognito's get AccessDeniedException, as AWS answers
     * a role without the permission).
     */
    public static CredentialLookup lookup(AccountCredentials administrator, CredentialRegistry issued) {
        CredentialLookup issuedLookup = issued.lookup();
        IssuedSecret administratorSecret = new IssuedSecret(administrator.secretAccessKey(), null, null);
        return accessKeyId -> accessKeyId.equals(administrator.accessKeyId())
                ? Optional.of(administratorSecret)
                : issuedLookup.find(accessKeyId);
    }
}
