package dev.iotlocal.emulator.policy;

import dev.iotlocal.emulator.internal.policy.PolicyDocument;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import java.util.Objects;
import java.util.Optional;

/**
 * The policies the emulator provides itself, around the AWS IoT policies an account holds:
 * <ul>
 *   <li>the <b>default policy</b>, a real AWS IoT policy named {@value #DEFAULT_POLICY_NAME}, created at start and
 *       attached to what the configuration provisions (the standalone emulator's {@code --thing} certificates,
 *       {@code certificates().issue(...)}, the test kit's {@code @Device}, and the Cognito identities of the
 *       configured users), so quick starts connect without writing a policy; listed, detachable and replaceable
 *       like any other, or switched off with {@link Builder#noDefaultPolicy()}. Certificates and identities made
 *       through the control plane get nothing, as on AWS;</li>
 *   <li>the IAM policies of the identity pool's <b>authenticated and unauthenticated roles</b>, which AWS IoT
 *       evaluates for Cognito identities besides (authenticated) or instead of (unauthenticated) the identity's IoT
 *       policies. Both default to {@link #ALLOW_IOT_ACTIONS}, so IAM scoping is opt-in and IoT policies do the work,
 *       as in most accounts.</li>
 * </ul>
 * Immutable and thread-safe; documents are checked when built.
 */
public final class PolicyConfig {

    /** The name of the default policy in the account. */
    public static final String DEFAULT_POLICY_NAME = "iot-local-default";

    /**
     * The default policy's document: every MQTT action and every shadow action on any resource, persistent sessions
     * and Wills included. Narrow it with {@link Builder#defaultPolicy(String)}.
     */
    public static final String DEFAULT_POLICY_DOCUMENT = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ["iot:Connect", "iot:Publish", "iot:RetainPublish", "iot:Subscribe", "iot:Receive",
                             "iot:GetThingShadow", "iot:UpdateThingShadow", "iot:DeleteThingShadow",
                             "iot:ListNamedShadowsForThing", "iot:GetRetainedMessage", "iot:ListRetainedMessages"],
                  "Resource": "*"
                }
              ]
            }
            """;

    /** The roles' IAM policy unless configured: every AWS IoT action on any resource. */
    public static final String ALLOW_IOT_ACTIONS = """
            {
              "Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": "iot:*", "Resource": "*"}]
            }
            """;

    private static final PolicyConfig DEFAULTS = new Builder().build();

    private final Optional<String> defaultPolicy;
    private final String authenticatedRolePolicy;
    private final String unauthenticatedRolePolicy;

    private PolicyConfig(Builder builder) {
        this.defaultPolicy = builder.defaultPolicy;
        this.authenticatedRolePolicy = builder.authenticatedRolePolicy;
        this.unauthenticatedRolePolicy = builder.unauthenticatedRolePolicy;
    }

    public static PolicyConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.defaultPolicy = defaultPolicy;
        builder.authenticatedRolePolicy = authenticatedRolePolicy;
        builder.unauthenticatedRolePolicy = unauthenticatedRolePolicy;
        return builder;
    }

    /** The default policy's document, or empty when provisioned principals get none. */
    public Optional<String> defaultPolicy() {
        return defaultPolicy;
    }

    /** The IAM policy of the identity pool's authenticated role. */
    public String authenticatedRolePolicy() {
        return authenticatedRolePolicy;
    }

    /** The IAM policy of the identity pool's unauthenticated role. */
    public String unauthenticatedRolePolicy() {
        return unauthenticatedRolePolicy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PolicyConfig config && config.defaultPolicy.equals(defaultPolicy)
                && config.authenticatedRolePolicy.equals(authenticatedRolePolicy)
                && config.unauthenticatedRolePolicy.equals(unauthenticatedRolePolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaultPolicy, authenticatedRolePolicy, unauthenticatedRolePolicy);
    }

    @Override
    public String toString() {
        return "PolicyConfig[defaultPolicy=" + defaultPolicy.map(document -> "configured").orElse("none")
                + ", authenticatedRolePolicy=" + (authenticatedRolePolicy.equals(ALLOW_IOT_ACTIONS) ? "allow iot:*" : "configured")
                + ", unauthenticatedRolePolicy=" + (unauthenticatedRolePolicy.equals(ALLOW_IOT_ACTIONS) ? "allow iot:*" : "configured") + "]";
    }

    /** Builds a {@link PolicyConfig}; starts from the defaults. */
    public static final class Builder {
        private Optional<String> defaultPolicy = Optional.of(DEFAULT_POLICY_DOCUMENT);
        private String authenticatedRolePolicy = ALLOW_IOT_ACTIONS;
        private String unauthenticatedRolePolicy = ALLOW_IOT_ACTIONS;

        private Builder() {}

        /** The default policy's document, instead of {@link #DEFAULT_POLICY_DOCUMENT}. */
        public Builder defaultPolicy(String document) {
            this.defaultPolicy = Optional.of(checked(document, "default policy"));
            return this;
        }

        /** No default policy: provisioned certificates and identities get none, and are denied until one is attached. */
        public Builder noDefaultPolicy() {
            this.defaultPolicy = Optional.empty();
            return this;
        }

        /** The IAM policy of the identity pool's authenticated role (AWS IoT requires both it and an IoT policy to allow). */
        public Builder authenticatedRolePolicy(String document) {
            this.authenticatedRolePolicy = checked(document, "authenticated role's policy");
            return this;
        }

        /** The IAM policy of the identity pool's unauthenticated role (the only policy for unauthenticated identities). */
        public Builder unauthenticatedRolePolicy(String document) {
            this.unauthenticatedRolePolicy = checked(document, "unauthenticated role's policy");
            return this;
        }

        public PolicyConfig build() {
            return new PolicyConfig(this);
        }

        private static String checked(String document, String what) {
            Objects.requireNonNull(document, what);
            try {
                PolicyDocument.parse(document);
            } catch (RegistryError e) {
                throw new IllegalArgumentException("The " + what + " is not a valid policy document: " + e.getMessage(), e);
            }
            return document;
        }
    }
}
