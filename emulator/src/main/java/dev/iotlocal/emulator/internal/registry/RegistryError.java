package dev.iotlocal.emulator.internal.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal of the AWS IoT control plane, as the service models it: the error shape, its HTTP status, the message
 * and any further members of the shape ({@code resourceId} and {@code resourceArn} of
 * {@code ResourceAlreadyExistsException}). The registry throws it; the AWS API endpoint renders it.
 */
public final class RegistryError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The error shapes of AWS IoT's control plane, each with the HTTP status its model gives it. */
    public enum Kind {
        INVALID_REQUEST("InvalidRequestException", 400),
        MALFORMED_POLICY("MalformedPolicyException", 400),
        CERTIFICATE_VALIDATION("CertificateValidationException", 400),
        UNAUTHORIZED("UnauthorizedException", 401),
        RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
        CERTIFICATE_STATE("CertificateStateException", 406),
        RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
        DELETE_CONFLICT("DeleteConflictException", 409),
        VERSION_CONFLICT("VersionConflictException", 409),
        VERSIONS_LIMIT_EXCEEDED("VersionsLimitExceededException", 409),
        CERTIFICATE_CONFLICT("CertificateConflictException", 409),
        CONFLICT("ConflictException", 409),
        LIMIT_EXCEEDED("LimitExceededException", 410);

        private final String type;
        private final int status;

        Kind(String type, int status) {
            this.type = type;
            this.status = status;
        }

        /** The shape's name, as {@code x-amzn-ErrorType} carries it. */
        public String type() {
            return type;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final Map<String, String> members;

    public RegistryError(Kind kind, String message) {
        this(kind, message, Map.of());
    }

    public RegistryError(Kind kind, String message, Map<String, String> members) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.members = Map.copyOf(members);
    }

    public Kind kind() {
        return kind;
    }

    /** Members of the error shape besides {@code message}, in no particular order. */
    public Map<String, String> members() {
        return members;
    }

    public static RegistryError invalidRequest(String message) {
        return new RegistryError(Kind.INVALID_REQUEST, message);
    }

    public static RegistryError notFound(String message) {
        return new RegistryError(Kind.RESOURCE_NOT_FOUND, message);
    }

    /** {@code ResourceAlreadyExistsException} with the id and ARN of what exists. */
    public static RegistryError alreadyExists(String message, String resourceId, String resourceArn) {
        Map<String, String> members = new LinkedHashMap<>();
        if (resourceId != null) {
            members.put("resourceId", resourceId);
        }
        if (resourceArn != null) {
            members.put("resourceArn", resourceArn);
        }
        return new RegistryError(Kind.RESOURCE_ALREADY_EXISTS, message, members);
    }
}
