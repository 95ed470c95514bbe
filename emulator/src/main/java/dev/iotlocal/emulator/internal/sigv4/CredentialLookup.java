package dev.iotlocal.emulator.internal.sigv4;

import java.util.Optional;

/**
 * Where a {@link SigV4Verifier} finds the secret of an access key. The emulator's credential registry
 * implements it; tests pass a lambda. Implementations must be safe to call from any door thread.
 */
@FunctionalInterface
public interface CredentialLookup {

    /** The secret issued for {@code accessKeyId}, or empty when no such key was issued. */
    Optional<IssuedSecret> find(String accessKeyId);
}
