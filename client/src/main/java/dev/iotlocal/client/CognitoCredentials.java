package dev.iotlocal.client;

import dev.iotlocal.client.internal.CognitoLogin;
import dev.iotlocal.client.internal.RefreshingCache;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.auth.credentials.DelegateCredentialsProvider;

/**
 * Authenticated temporary AWS credentials from the seed flow: unauthenticated Cognito credentials, the
 * auth Lambda's ID token, then Cognito again with that token in {@code Logins}. For servers that connect to
 * AWS IoT over WebSocket, and for any AWS SDK client that should act as the logged-in user.
 *
 * <p>Usable as an AWS SDK {@link AwsCredentialsProvider} and, through {@link #crtCredentialsProvider()}, by
 * the AWS IoT Device SDK, which asks for credentials at every WebSocket handshake, including each automatic
 * reconnect. Credentials are cached and refreshed before they expire (see
 * {@link IotClientConfig#credentialRefreshMargin()}) or on demand with {@link #refresh()}.
 *
 * <p>Thread-safe: one refresh runs at a time, on a thread of its own; callers get still-valid credentials
 * without waiting for a refresh in progress, and wait only when there are none (before the first login,
 * or after expiry). Close it after the connections that use it: it stops the refresh thread and
 * releases its aws-crt provider.
 *
 * <p>When a login fails during a handshake, the handshake fails with aws-crt's
 * {@code AWS_ERROR_HTTP_CALLBACK_FAILURE} (aws-crt also prints the exception to standard error);
 * {@link CognitoIotConnector#explain(int)} turns that code back into the login's exception.
 */
public final class CognitoCredentials implements AwsCredentialsProvider, AutoCloseable {

    private final CognitoLogin login;
    private final RefreshingCache<AwsSessionCredentials> cache;
    private final Object crtLock = new Object();
    private CredentialsProvider crtProvider; // guarded by crtLock
    private boolean closed; // guarded by crtLock
    private volatile IotClientException lastFailure;

    private CognitoCredentials(IotClientConfig config) {
        this.login = new CognitoLogin(config);
        this.cache = new RefreshingCache<>(this::logIn, config.credentialRefreshMargin(), Clock.systemUTC(), "iot-local-credentials");
    }

    /**
     * Credentials for a configuration; nothing is fetched until they are first asked for.
     *
     * @throws IllegalArgumentException naming the setting when a Cognito setting is missing
     */
    public static CognitoCredentials create(IotClientConfig config) {
        return new CognitoCredentials(config);
    }

    /**
     * Current authenticated credentials, with their expiration; runs the seed flow first if none are valid.
     *
     * @throws IotClientException naming the step that failed (a subclass for the failures a person can act on)
     */
    @Override
    public AwsSessionCredentials resolveCredentials() {
        return cache.get();
    }

    /** Runs the seed flow now for new credentials, even if the cached ones are still valid. */
    public AwsSessionCredentials refresh() {
        return cache.refresh();
    }

    /**
     * An aws-crt credentials provider backed by these credentials, for the AWS IoT Device SDK's builders.
     * Always the same instance; it stays usable as long as this object is open. The SDK's builders and
     * connections hold their own references to it, so it is released once they and this object are closed.
     */
    public CredentialsProvider crtCredentialsProvider() {
        synchronized (crtLock) {
            if (closed) {
                // a provider made now would never be closed
                throw new IllegalStateException("These Cognito credentials are closed");
            }
            if (crtProvider == null) {
                // called on an aws-crt event-loop thread at each handshake: fast while cached credentials are
                // valid; blocks that thread only when they have expired and must be fetched first
                crtProvider = new DelegateCredentialsProvider.DelegateCredentialsProviderBuilder()
                        .withHandler(() -> crtCredentials(resolveCredentials()))
                        .build();
            }
            return crtProvider;
        }
    }

    /** Stops refreshing and releases this object's reference to its aws-crt provider. Idempotent. */
    @Override
    public void close() {
        cache.close();
        login.close();
        synchronized (crtLock) {
            closed = true;
            if (crtProvider != null) {
                crtProvider.close();
                crtProvider = null;
            }
        }
    }

    @Override
    public String toString() {
        return "CognitoCredentials[expiration=" + cache.expiration() + "]";
    }

    /** Like {@link #resolveCredentials()} without blocking the caller. */
    CompletableFuture<AwsSessionCredentials> resolveAsync() {
        return cache.getAsync();
    }

    /** The failure of the last login, if it failed: what a failed handshake's "callback failure" stands for. */
    Optional<IotClientException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private RefreshingCache.Expiring<AwsSessionCredentials> logIn() {
        try {
            RefreshingCache.Expiring<AwsSessionCredentials> credentials = login.logIn();
            lastFailure = null;
            return credentials;
        } catch (IotClientException e) {
            lastFailure = e;
            throw e;
        }
    }

    private static Credentials crtCredentials(AwsSessionCredentials credentials) {
        return new Credentials(
                credentials.accessKeyId().getBytes(StandardCharsets.UTF_8),
                credentials.secretAccessKey().getBytes(StandardCharsets.UTF_8),
                credentials.sessionToken().getBytes(StandardCharsets.UTF_8),
                credentials.expirationTime().orElseThrow().getEpochSecond());
    }
}
