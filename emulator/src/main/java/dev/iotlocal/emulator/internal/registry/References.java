package dev.iotlocal.emulator.internal.registry;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request's ARN or Amazon Cognito identity id refers to in the account, read one way by every part (things,
 * thing groups, policies), so that an attachment is stored, found and removed under one text: the canonical
 * {@code account.arn(type, name)}, or the identity id. An ARN of another partition, region or account refers to
 * nothing here: one account's control plane in one region sees only its own resources. Stateless.
 */
final class References {

    /** An AWS IoT resource ARN of any partition, region and account: {@code arn:<partition>:iot:<region>:<account>:<type>/<name>}. */
    private static final Pattern ARN = Pattern.compile("arn:[^:]*:iot:[^:]*:[^:]*:([a-z]+)/(.+)", Pattern.DOTALL);
    /** Cognito's {@code IdentityId} as Cognito hands them out: {@code <region>:<uuid>}, the UUID in lower-case hex. */
    private static final Pattern COGNITO_IDENTITY_ID = Pattern.compile(
            "[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private References() {}

    /** What a reference can be; the resource type is the one in the ARN, none for an identity id. */
    enum Kind {
        CERTIFICATE("cert"), THING("thing"), THING_GROUP("thinggroup"), COGNITO_IDENTITY(null);

        private final String resourceType;

        Kind(String resourceType) {
            this.resourceType = resourceType;
        }
    }

    /**
     * A reference read.
     *
     * @param name the certificate id, thing or group name, or identity id
     * @param here false for an ARN of another partition, region or account, which names nothing in this account
     */
    record Reference(Kind kind, String name, boolean here) {

        /** The text the account stores and compares for it; meaningful only {@link #here()}. */
        String canonical(AccountRegistry account) {
            return kind == Kind.COGNITO_IDENTITY ? name : account.arn(kind.resourceType, name);
        }
    }

    /** What {@code text} refers to, if it is a reference of one of {@code kinds}. */
    static Optional<Reference> read(AccountRegistry account, String text, Set<Kind> kinds) {
        Matcher arn = ARN.matcher(text);
        if (arn.matches()) {
            for (Kind kind : kinds) {
                if (arn.group(1).equals(kind.resourceType)) {
                    String name = arn.group(2);
                    return Optional.of(new Reference(kind, name, text.equals(account.arn(kind.resourceType, name))));
                }
            }
            return Optional.empty();
        }
        return kinds.contains(Kind.COGNITO_IDENTITY) && COGNITO_IDENTITY_ID.matcher(text).matches()
                ? Optional.of(new Reference(Kind.COGNITO_IDENTITY, text, true))
                : Optional.empty();
    }
}
