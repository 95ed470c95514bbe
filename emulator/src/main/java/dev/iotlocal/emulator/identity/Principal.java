package dev.iotlocal.emulator.identity;

import dev.iotlocal.emulator.cognito.CognitoConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is behind a connection, as established by the door it came through; the broker never takes it from
 * anything the client can forge. Rules, lifecycle events, the journal and (later) policy evaluation all read
 * this one value. Immutable.
 *
 * @param kind          how the identity was proven
 * @param id            the certificate id, the Cognito identity id, the access key id of foreign credentials, or a
 *                      debug label
 * @param accountId     the AWS account the emulator plays
 * @param region        the AWS region the emulator plays
 * @param accessKeyId   the access key of a SigV4-signed connection
 * @param thingName     the thing the connection is associated with, as AWS IoT associates one: the thing its
 *                      certificate is attached to exclusively, or else the attached thing the client id names
 * @param sourceAddress the client's IP address as the door saw it
 */
public record Principal(
        Kind kind, String id, String accountId, String region,
        Optional<String> accessKeyId, Optional<String> thingName, String sourceAddress) {

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
    }

    /** How a principal proved who it is. */
    public enum Kind {
        /** An X.509 device certificate over mutual TLS; the id is the certificate id. */
        CERTIFICATE,
        /** SigV4 with credentials of an authenticated Cognito identity; the id is the identity id. */
        COGNITO_AUTHENTICATED,
        /** SigV4 with credentials of an unauthenticated Cognito identity; the id is the identity id. */
        COGNITO_UNAUTHENTICATED,
        /** The plain-TCP debugging listener, which proves nothing; only there when explicitly enabled. */
        UNAUTHENTICATED_DEBUG,
        /**
         * SigV4 with credentials the emulator did not issue, so their signature was not verified; only with
         * {@link CognitoConfig#acceptForeignCredentials()}. The id is the access key id.
         */
        FOREIGN_CREDENTIALS
    }

    /**
     * The {@code principalIdentifier} of AWS IoT lifecycle events: the certificate id for certificates,
     * {@code <account>/<accessKeyId>:<identityId>} for SigV4 connections with credentials the emulator issued, and
     * the access key id alone for foreign credentials, whose identity the emulator does not know.
     */
    public String principalIdentifier() {
        return switch (kind) {
            case CERTIFICATE, UNAUTHENTICATED_DEBUG, FOREIGN_CREDENTIALS -> id;
            case COGNITO_AUTHENTICATED, COGNITO_UNAUTHENTICATED -> accountId + "/" + accessKeyId.orElse("") + ":" + id;
        };
    }
}
