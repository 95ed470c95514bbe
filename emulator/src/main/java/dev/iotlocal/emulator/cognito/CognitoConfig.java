package dev.iotlocal.emulator.cognito;

import dev.iotlocal.emulator.identity.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulated Cognito identity pool, user pool and auth Lambda, and the credentials they issue. Immutable and
 * thread-safe; derive a variant with {@link #toBuilder()}.
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *         .cognito(cognito -> cognito.addUser("alice", "secret").credentialLifetime(Duration.ofMinutes(5)))
 *         .build();
 * }</pre>
 */
public final class CognitoConfig {

    /** The built-in user's name; its password is {@link #DEFAULT_PASSWORD}. */
    public static final String DEFAULT_USERNAME = "demo";
    /** The built-in user's password. */
    public static final String DEFAULT_PASSWORD = "demo-password";
    /** The auth function's name unless told otherwise. */
    public static final String DEFAULT_AUTH_FUNCTION_NAME = "iot-local-auth";
    /** The user pool app client id unless told otherwise (26 characters, like Cognito's). */
    public static final String DEFAULT_APP_CLIENT_ID = "iotlocalappclient000000001";

    private static final CognitoConfig DEFAULTS = new Builder().build();

    private final Optional<String> identityPoolId;
    private final boolean allowUnauthenticatedIdentities;
    private final Optional<String> userPoolId;
    private final String appClientId;
    private final List<User> users;
    private final String authFunctionName;
    private final Optional<AuthFunction> authFunction;
    private final Duration credentialLifetime;
    private final boolean acceptForeignCredentials;

    private CognitoConfig(Builder builder) {
        this.identityPoolId = builder.identityPoolId;
        this.allowUnauthenticatedIdentities = builder.allowUnauthenticatedIdentities;
        this.userPoolId = builder.userPoolId;
        this.appClientId = builder.appClientId;
        this.users = List.copyOf(builder.users);
        this.authFunctionName = builder.authFunctionName;
        this.authFunction = builder.authFunction;
        this.credentialLifetime = builder.credentialLifetime;
        this.acceptForeignCredentials = builder.acceptForeignCredentials;
    }

    /** One identity pool, one user pool with the user {@code demo}, the built-in auth function, one-hour credentials. */
    public static CognitoConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The identity pool id, {@code <region>:<uuid>}, when one was set; empty means the emulator's region followed by
     * {@code :10c41000-0000-4000-8000-000000000001} (see {@code EmulatorConfig.identityPoolId()}).
     */
    public Optional<String> identityPoolId() {
        return identityPoolId;
    }

    /** Whether the identity pool gives out unauthenticated identities (the seed flow needs them to call the auth Lambda). */
    public boolean allowUnauthenticatedIdentities() {
        return allowUnauthenticatedIdentities;
    }

    /**
     * The user pool id, {@code <region>_<id>}, when one was set; empty means the emulator's region followed by
     * {@code _IotLocal1} (see {@code EmulatorConfig.userPoolId()}). The user pool is the identity pool's one login provider.
     */
    public Optional<String> userPoolId() {
        return userPoolId;
    }

    /** The user pool's app client id: the {@code aud} of its ID tokens. */
    public String appClientId() {
        return appClientId;
    }

    /** The user pool's users. By default one: {@code demo} with password {@code demo-password}. */
    public List<User> users() {
        return users;
    }

    /** The name of the auth Lambda function; other names get {@code ResourceNotFoundException}. */
    public String authFunctionName() {
        return authFunctionName;
    }

    /** A custom auth function, or empty for the built-in one that logs in {@link #users()}. */
    public Optional<AuthFunction> authFunction() {
        return authFunction;
    }

    /** How long issued AWS credentials are valid (Cognito: one hour); tests make it short to see expiry. */
    public Duration credentialLifetime() {
        return credentialLifetime;
    }

    /**
     * Whether the WSS door lets in WebSocket upgrades signed with AWS credentials the emulator did not issue, such as
     * those a LocalStack Cognito hands out when it stands in for the emulator's own. Off by default.
     *
     * <p>This weakens the door: the emulator does not know the secret of such credentials, so it cannot check
     * the signature. A request signed with an access key the emulator did not issue is accepted after every other
     * check (the required {@code X-Amz-*} parameters, the algorithm, the credential scope's form, date, region and
     * service, the clock skew), with a {@link Principal.Kind#FOREIGN_CREDENTIALS} principal whose id is the access
     * key id; each such acceptance is logged at INFO. Credentials the emulator did issue are verified in full, as
     * always, and refused when their signature, session token or expiry is wrong.
     */
    public boolean acceptForeignCredentials() {
        return acceptForeignCredentials;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CognitoConfig that
                && identityPoolId.equals(that.identityPoolId)
                && allowUnauthenticatedIdentities == that.allowUnauthenticatedIdentities
                && userPoolId.equals(that.userPoolId)
                && appClientId.equals(that.appClientId)
                && users.equals(that.users)
                && authFunctionName.equals(that.authFunctionName)
                && authFunction.equals(that.authFunction)
                && credentialLifetime.equals(that.credentialLifetime)
                && acceptForeignCredentials == that.acceptForeignCredentials;
    }

    @Override
    public int hashCode() {
        return Objects.hash(identityPoolId, allowUnauthenticatedIdentities, userPoolId, appClientId, users, authFunctionName,
                authFunction, credentialLifetime, acceptForeignCredentials);
    }

    @Override
    public String toString() {
        return "CognitoConfig[identityPoolId=" + identityPoolId + ", allowUnauthenticatedIdentities=" + allowUnauthenticatedIdentities
                + ", userPoolId=" + userPoolId + ", appClientId=" + appClientId + ", users=" + users
                + ", authFunctionName=" + authFunctionName + ", customAuthFunction=" + authFunction.isPresent()
                + ", credentialLifetime=" + credentialLifetime + ", acceptForeignCredentials=" + acceptForeignCredentials + "]";
    }

    /** Builds a {@link CognitoConfig}; starts from {@link #defaults()}. Not thread-safe. */
    public static final class Builder {
        private Optional<String> identityPoolId = Optional.empty();
        private boolean allowUnauthenticatedIdentities = true;
        private Optional<String> userPoolId = Optional.empty();
        private String appClientId = DEFAULT_APP_CLIENT_ID;
        private final List<User> users = new ArrayList<>(List.of(new User(DEFAULT_USERNAME, DEFAULT_PASSWORD)));
        private String authFunctionName = DEFAULT_AUTH_FUNCTION_NAME;
        private Optional<AuthFunction> authFunction = Optional.empty();
        private Duration credentialLifetime = Duration.ofHours(1);
        private boolean acceptForeignCredentials;

        private Builder() {}

        private Builder(CognitoConfig config) {
            identityPoolId = config.identityPoolId;
            allowUnauthenticatedIdentities = config.allowUnauthenticatedIdentities;
            userPoolId = config.userPoolId;
            appClientId = config.appClientId;
            users.clear();
            users.addAll(config.users);
            authFunctionName = config.authFunctionName;
            authFunction = config.authFunction;
            credentialLifetime = config.credentialLifetime;
            acceptForeignCredentials = config.acceptForeignCredentials;
        }

        /** See {@link CognitoConfig#identityPoolId()}; it must be in the emulator's region. */
        public Builder identityPoolId(String identityPoolId) {
            if (identityPoolId == null || !identityPoolId.matches("[\\w-]+:[0-9a-f-]+") || identityPoolId.length() > 55) {
                throw new IllegalArgumentException("An identity pool id is <region>:<guid>, like us-east-1:0b7e8a9e-...: " + identityPoolId);
            }
            this.identityPoolId = Optional.of(identityPoolId);
            return this;
        }

        /** See {@link CognitoConfig#allowUnauthenticatedIdentities()}. */
        public Builder allowUnauthenticatedIdentities(boolean allow) {
            this.allowUnauthenticatedIdentities = allow;
            return this;
        }

        /** See {@link CognitoConfig#userPoolId()}; it must be in the emulator's region. */
        public Builder userPoolId(String userPoolId) {
            if (userPoolId == null || !userPoolId.matches("[\\w-]+_[0-9a-zA-Z]+")) {
                throw new IllegalArgumentException("A user pool id is <region>_<id>, like us-east-1_AbCdEf123: " + userPoolId);
            }
            this.userPoolId = Optional.of(userPoolId);
            return this;
        }

        /** See {@link CognitoConfig#appClientId()}. */
        public Builder appClientId(String appClientId) {
            if (appClientId == null || !appClientId.matches("[\\w+]{1,128}")) {
                throw new IllegalArgumentException("An app client id is 1 to 128 word characters: " + appClientId);
            }
            this.appClientId = appClientId;
            return this;
        }

        /** Replaces the users; see {@link CognitoConfig#users()}. */
        public Builder users(User... users) {
            this.users.clear();
            this.users.addAll(List.of(users));
            return this;
        }

        /** Adds a user; see {@link CognitoConfig#users()}. */
        public Builder addUser(String username, String password) {
            users.add(new User(username, password));
            return this;
        }

        /** See {@link CognitoConfig#authFunctionName()}. */
        public Builder authFunctionName(String name) {
            if (name == null || !name.matches("[a-zA-Z0-9-_]{1,64}")) {
                throw new IllegalArgumentException("A Lambda function name is 1 to 64 of a-z, A-Z, 0-9, '-' and '_': " + name);
            }
            this.authFunctionName = name;
            return this;
        }

        /** Replaces the built-in auth function; see {@link CognitoConfig#authFunction()}. */
        public Builder authFunction(AuthFunction function) {
            this.authFunction = Optional.of(Objects.requireNonNull(function, "function"));
            return this;
        }

        /** See {@link CognitoConfig#credentialLifetime()}; at least one second. */
        public Builder credentialLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("Credentials live at least one second: " + lifetime);
            }
            this.credentialLifetime = lifetime;
            return this;
        }

        /**
         * Lets the WSS door accept upgrades signed with credentials the emulator did not issue, without checking
         * their signature; for a Cognito that runs elsewhere (the test kit's LocalStack backend). Weakens the door:
         * see {@link CognitoConfig#acceptForeignCredentials()}.
         */
        public Builder acceptForeignCredentials(boolean accept) {
            this.acceptForeignCredentials = accept;
            return this;
        }

        public CognitoConfig build() {
            return new CognitoConfig(this);
        }
    }
}
