package dev.iotlocal.emulator.internal.identity;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.IssuedSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one registry of AWS credentials the emulator issued, with whom they belong to and when they expire.
 * Cognito issues into it; every door that verifies a SigV4 signature looks keys up in it. Thread-safe.
 */
public final class CredentialRegistry {

    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    /** Keys expired longer than this are forgotten, so a long-running emulator does not grow without bound. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, Issued> byAccessKey = new ConcurrentHashMap<>();

    public CredentialRegistry(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /**
     * Temporary credentials as Cognito's {@code GetCredentialsForIdentity} returns them.
     *
     * @param identityId    the Cognito identity they were issued to
     * @param authenticated whether that identity logged in through a provider
     */
    public record Issued(String accessKeyId, String secretKey, String sessionToken, Instant expiration,
                         String identityId, boolean authenticated) {

        /** Who signs with these credentials: their Cognito identity, as the WSS door and the data plane see it. */
        public Principal principal(String accountId, String region, String sourceAddress) {
            return new Principal(authenticated ? Principal.Kind.COGNITO_AUTHENTICATED : Principal.Kind.COGNITO_UNAUTHENTICATED,
                    identityId, accountId, region, Optional.of(accessKeyId), Optional.empty(), sourceAddress);
        }
    }

    /** Who signs with an access key the emulator did not issue, let in unverified (see {@code acceptForeignCredentials}). */
    public static Principal foreignPrincipal(String accessKeyId, String accountId, String region, String sourceAddress) {
        return new Principal(Principal.Kind.FOREIGN_CREDENTIALS, accessKeyId, accountId, region, Optional.of(accessKeyId),
                Optional.empty(), sourceAddress);
    }

    public Issued issue(String identityId, boolean authenticated) {
        Instant now = clock.instant();
        byAccessKey.values().removeIf(old -> old.expiration().plus(FORGET_AFTER).isBefore(now));
        Issued issued = new Issued("ASIA" + randomKey(16), randomBase64(30), randomBase64(264),
                now.plus(lifetime), identityId, authenticated);
        byAccessKey.put(issued.accessKeyId(), issued);
        return issued;
    }

    public Optional<Issued> issued(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    /** The registry as the SigV4 verifier looks keys up. */
    public CredentialLookup lookup() {
        return accessKeyId -> issued(accessKeyId)
                .map(issued -> new IssuedSecret(issued.secretKey(), issued.sessionToken(), issued.expiration()));
    }

    /** Makes every credential issued so far expired, as if their hour had passed. */
    public void expireAll() {
        Instant now = clock.instant();
        byAccessKey.replaceAll((key, issued) -> new Issued(issued.accessKeyId(), issued.secretKey(), issued.sessionToken(),
                now.minusMillis(1), issued.identityId(), issued.authenticated()));
    }

    private String randomKey(int length) {
        char[] key = new char[length];
        for (int i = 0; i < length; i++) {
            key[i] = KEY_ALPHABET[random.nextInt(KEY_ALPHABET.length)];
        }
        return new String(key);
    }

    private String randomBase64(int bytes) {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
