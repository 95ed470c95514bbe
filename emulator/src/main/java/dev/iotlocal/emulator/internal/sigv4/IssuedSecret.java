package dev.iotlocal.emulator.internal.sigv4;

import java.time.Instant;
import java.util.Objects;

/**
 * What the emulator issued for one access key, as a {@link CredentialLookup} returns it. Immutable.
 *
 * @param secretAccessKey the secret the signature is computed with
 * @param sessionToken    the token a request must present, or null for long-term keys, which have none
 * @param expiration      when the credentials stop working, or null when they never expire
 */
public record IssuedSecret(String secretAccessKey, String sessionToken, Instant expiration) {

    public IssuedSecret {
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }
}
