package dev.iotlocal.emulator;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The long-term AWS access key of the account's administrator: what {@code IotClient} and the AWS CLI sign AWS IoT
 * control-plane requests with ({@code CreateThing}, {@code CreateKeysAndCertificate}, ...), as an IAM user's key
 * does in AWS. Unless configured, each emulator makes its own (and the standalone emulator keeps it in its data
 * directory), so nobody can sign for the account without being told the key. Immutable.
 *
 * @param accessKeyId     the access key id, such as {@code AKIAIOSFODNN7EXAMPLE}
 * @param secretAccessKey its secret
 */
public record AccountCredentials(String accessKeyId, String secretAccessKey) {

    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    public AccountCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (!accessKeyId.matches("[A-Za-z0-9]{1,128}")) {
            throw new IllegalArgumentException("An access key id is 1 to 128 letters and digits: " + accessKeyId);
        }
        if (secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("The secret access key is empty");
        }
    }

    /** A new random key pair in the form AWS gives IAM users' keys ({@code AKIA...}, 40-character secret). */
    public static AccountCredentials generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            key.append(KEY_ALPHABET[random.nextInt(KEY_ALPHABET.length)]);
        }
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            secret.append(SECRET_ALPHABET[random.nextInt(SECRET_ALPHABET.length)]);
        }
        return new AccountCredentials(key.toString(), secret.toString());
    }

    /** Names the key, never the secret. */
    @Override
    public String toString() {
        return "AccountCredentials[" + accessKeyId + "]";
    }
}
