package dev.iotlocal.emulator;

import dev.iotlocal.emulator.cognito.CognitoConfig;
import dev.iotlocal.emulator.identity.KeyAlgorithm;
import dev.iotlocal.emulator.journal.JournalConfig;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything that shapes an emulator, immutable and thread-safe: the account it plays, where it keeps its CA, and
 * one configuration per part ({@link ListenerConfig listeners}, {@link AwsIotRules rules}, {@link CognitoConfig
 * cognito}, {@link JournalConfig journal}). The defaults suit tests: loopback only, free ports, a CA that lives as
 * long as the emulator, every AWS IoT rule on. Each part can be changed in place, as the AWS SDK's consumer
 * builders do:
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *         .region("eu-west-1")
 *         .listeners(listeners -> listeners.mtlsPort(8883))
 *         .rules(rules -> rules.retainedMessages(RetainedMessages.AWS))
 *         .cognito(cognito -> cognito.addUser("alice", "secret"))
 *         .build();
 * }</pre>
 */
public final class EmulatorConfig {

    /** The region the emulator plays unless told otherwise. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The account id the emulator plays unless told otherwise. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    private static final String DEFAULT_IDENTITY_POOL_GUID = "10c41000-0000-4000-8000-000000000001";
    private static final String DEFAULT_USER_POOL_SUFFIX = "IotLocal1";

    private final String region;
    private final String accountId;
    private final Optional<Path> dataDirectory;
    private final Optional<AccountCredentials> accountCredentials;
    private final KeyAlgorithm createdKeyAlgorithm;
    private final ListenerConfig listeners;
    private final AwsIotRules rules;
    private final CognitoConfig cognito;
    private final JournalConfig journal;
    private final PolicyConfig policies;

    private EmulatorConfig(Builder builder) {
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.dataDirectory = builder.dataDirectory;
        this.accountCredentials = builder.accountCredentials;
        this.createdKeyAlgorithm = builder.createdKeyAlgorithm;
        this.listeners = builder.listeners.build();
        this.rules = builder.rules.build();
        this.cognito = builder.cognito.build();
        this.journal = builder.journal.build();
        this.policies = builder.policies.build();
        if (!identityPoolId().startsWith(region + ":")) {
            throw new IllegalArgumentException("Identity pool " + identityPoolId() + " is not in the emulator's region " + region);
        }
        if (!userPoolId().startsWith(region + "_")) {
            throw new IllegalArgumentException("User pool " + userPoolId() + " is not in the emulator's region " + region);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: us-east-1, loopback, free ports, temporary CA, {@link AwsIotRules#strict()}. */
    public static EmulatorConfig defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The AWS region the emulator plays, e.g. {@code us-east-1}. */
    public String region() {
        return region;
    }

    /** The 12-digit AWS account id the emulator plays. */
    public String accountId() {
        return accountId;
    }

    /**
     * Where the CA and the certificate registry are kept so that they survive restarts; empty (the
     * default) means a fresh CA for each start, and nothing left on disk after {@code close()}.
     */
    public Optional<Path> dataDirectory() {
        return dataDirectory;
    }

    /**
     * The administrator key that AWS IoT control-plane requests ({@code IotClient}, {@code aws iot}) are signed with;
     * empty (the default) means the emulator makes one when it starts, or, with a {@link #dataDirectory()}, the one
     * it made there before. {@code IotEmulator.accountCredentials()} tells which.
     */
    public Optional<AccountCredentials> accountCredentials() {
        return accountCredentials;
    }

    /**
     * The key pairs {@code CreateKeysAndCertificate} makes: {@link KeyAlgorithm#RSA_2048} (the default), as AWS IoT
     * does, or {@link KeyAlgorithm#EC_P256}, a hundred times faster to make, for provisioning large fleets.
     */
    public KeyAlgorithm createdKeyAlgorithm() {
        return createdKeyAlgorithm;
    }

    /** Where the emulator listens. */
    public ListenerConfig listeners() {
        return listeners;
    }

    /** The AWS IoT rules the broker enforces. */
    public AwsIotRules rules() {
        return rules;
    }

    /** Cognito Identity, the user pool and the auth Lambda. */
    public CognitoConfig cognito() {
        return cognito;
    }

    /** What the journal keeps. */
    public JournalConfig journal() {
        return journal;
    }

    /**
     * The default policy attached to what the configuration provisions, and the identity pool roles' IAM policies.
     * Whether policies are evaluated at all is {@link AwsIotRules#policyEvaluation()}.
     */
    public PolicyConfig policies() {
        return policies;
    }

    /**
     * The Cognito identity pool, {@code <region>:<uuid>}: {@link CognitoConfig#identityPoolId()} when set, otherwise
     * {@code <region>:10c41000-0000-4000-8000-000000000001}.
     */
    public String identityPoolId() {
        return cognito.identityPoolId().orElse(region + ":" + DEFAULT_IDENTITY_POOL_GUID);
    }

    /** The Cognito user pool, {@code <region>_<id>}: {@link CognitoConfig#userPoolId()} when set, otherwise {@code <region>_IotLocal1}. */
    public String userPoolId() {
        return cognito.userPoolId().orElse(region + "_" + DEFAULT_USER_POOL_SUFFIX);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmulatorConfig that
                && region.equals(that.region)
                && accountId.equals(that.accountId)
                && dataDirectory.equals(that.dataDirectory)
                && accountCredentials.equals(that.accountCredentials)
                && createdKeyAlgorithm == that.createdKeyAlgorithm
                && listeners.equals(that.listeners)
                && rules.equals(that.rules)
                && cognito.equals(that.cognito)
                && journal.equals(that.journal)
                && policies.equals(that.policies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, accountId, dataDirectory, accountCredentials, createdKeyAlgorithm, listeners, rules, cognito, journal, policies);
    }

    @Override
    public String toString() {
        return "EmulatorConfig[region=" + region + ", accountId=" + accountId + ", dataDirectory=" + dataDirectory
                + ", accountCredentials=" + accountCredentials
                + ", createdKeyAlgorithm=" + createdKeyAlgorithm
                + ", " + listeners + ", " + rules + ", " + cognito + ", " + journal + ", " + policies + "]";
    }

    /** Builds an {@link EmulatorConfig}; starts from {@link #defaults()}. Not thread-safe. */
    public static final class Builder {
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<AccountCredentials> accountCredentials = Optional.empty();
        private KeyAlgorithm createdKeyAlgorithm = KeyAlgorithm.RSA_2048;
        private ListenerConfig.Builder listeners = ListenerConfig.builder();
        private AwsIotRules.Builder rules = AwsIotRules.builder();
        private CognitoConfig.Builder cognito = CognitoConfig.builder();
        private JournalConfig.Builder journal = JournalConfig.builder();
        private PolicyConfig.Builder policies = PolicyConfig.builder();

        private Builder() {}

        private Builder(EmulatorConfig config) {
            region = config.region;
            accountId = config.accountId;
            dataDirectory = config.dataDirectory;
            accountCredentials = config.accountCredentials;
            createdKeyAlgorithm = config.createdKeyAlgorithm;
            listeners = config.listeners.toBuilder();
            rules = config.rules.toBuilder();
            cognito = config.cognito.toBuilder();
            journal = config.journal.toBuilder();
            policies = config.policies.toBuilder();
        }

        /** See {@link EmulatorConfig#region()}. */
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new IllegalArgumentException("Not an AWS region name like us-east-1: " + region);
            }
            this.region = region;
            return this;
        }

        /** See {@link EmulatorConfig#accountId()}. */
        public Builder accountId(String accountId) {
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("An AWS account id is 12 digits: " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /** See {@link EmulatorConfig#dataDirectory()}. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(directory.toAbsolutePath());
            return this;
        }

        /** See {@link EmulatorConfig#accountCredentials()}. */
        public Builder accountCredentials(AccountCredentials credentials) {
            this.accountCredentials = Optional.of(Objects.requireNonNull(credentials, "credentials"));
            return this;
        }

        /** See {@link EmulatorConfig#createdKeyAlgorithm()}. */
        public Builder createdKeyAlgorithm(KeyAlgorithm algorithm) {
            this.createdKeyAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** Replaces the listener configuration; see {@link EmulatorConfig#listeners()}. */
        public Builder listeners(ListenerConfig listeners) {
            this.listeners = Objects.requireNonNull(listeners, "listeners").toBuilder();
            return this;
        }

        /** Changes the listener configuration as it stands in this builder. */
        public Builder listeners(Consumer<ListenerConfig.Builder> changes) {
            changes.accept(listeners);
            return this;
        }

        /** Replaces the rules; see {@link EmulatorConfig#rules()}. */
        public Builder rules(AwsIotRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules").toBuilder();
            return this;
        }

        /** Changes the rules as they stand in this builder, e.g. {@code rules(r -> r.qos2Refused(false))}. */
        public Builder rules(Consumer<AwsIotRules.Builder> changes) {
            changes.accept(rules);
            return this;
        }

        /** Replaces the Cognito configuration; see {@link EmulatorConfig#cognito()}. */
        public Builder cognito(CognitoConfig cognito) {
            this.cognito = Objects.requireNonNull(cognito, "cognito").toBuilder();
            return this;
        }

        /** Changes the Cognito configuration as it stands in this builder. */
        public Builder cognito(Consumer<CognitoConfig.Builder> changes) {
            changes.accept(cognito);
            return this;
        }

        /** Replaces the journal configuration; see {@link EmulatorConfig#journal()}. */
        public Builder journal(JournalConfig journal) {
            this.journal = Objects.requireNonNull(journal, "journal").toBuilder();
            return this;
        }

        /** Changes the journal configuration as it stands in this builder. */
        public Builder journal(Consumer<JournalConfig.Builder> changes) {
            changes.accept(journal);
            return this;
        }

        /** Replaces the policy configuration; see {@link EmulatorConfig#policies()}. */
        public Builder policies(PolicyConfig policies) {
            this.policies = Objects.requireNonNull(policies, "policies").toBuilder();
            return this;
        }

        /** Changes the policy configuration as it stands in this builder. */
        public Builder policies(Consumer<PolicyConfig.Builder> changes) {
            changes.accept(policies);
            return this;
        }

        /**
         * @throws IllegalArgumentException if the identity or user pool is not in the region
         */
        public EmulatorConfig build() {
            return new EmulatorConfig(this);
        }
    }
}
