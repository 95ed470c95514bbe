package dev.iotlocal.emulator.internal.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.iotlocal.emulator.cognito.AuthFunction;
import dev.iotlocal.emulator.cognito.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The emulated Cognito user pool: its users, its RS256 signing key (published as JWKS where Cognito publishes
 * it), the ID tokens it issues and their verification. Thread-safe.
 */
public final class UserPoolTokens implements AuthFunction.UserPool {

    private static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);

    private final String userPoolId;
    private final String issuer;
    private final String appClientId;
    private final Map<String, User> users;
    private final Clock clock;
    private final CompletableFuture<SigningKey> signingKey = new CompletableFuture<>();
    private final AtomicBoolean keyGenerationStarted = new AtomicBoolean();

    /** The pool's RS256 key with its signer and verifier. */
    private record SigningKey(RSAKey key, RSASSASigner signer, JWSVerifier verifier) {}

    public UserPoolTokens(String region, String userPoolId, String appClientId, List<User> users, Clock clock) {
        this.userPoolId = userPoolId;
        this.issuer = "https://cognito-idp." + region + ".amazonaws.com/" + userPoolId;
        this.appClientId = appClientId;
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::username, Function.identity(), (a, b) -> b));
        this.clock = clock;
    }

    /**
     * Starts generating the signing key on a thread of its own, if that has not started yet. A 2048-bit RSA key
     * takes up to a second of CPU in a JVM that has just started, so the emulator starts it after its listeners are
     * up rather than before; whatever needs the key first waits for it.
     */
    public void generateKeyInBackground() {
        if (!keyGenerationStarted.compareAndSet(false, true)) {
            return;
        }
        Thread generator = new Thread(() -> {
            try {
                RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
                        .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
                signingKey.complete(new SigningKey(key, new RSASSASigner(key), new RSASSAVerifier(key.toRSAPublicKey())));
            } catch (JOSEException | RuntimeException e) {
                signingKey.completeExceptionally(new IllegalStateException("Cannot create the user pool's signing key", e));
            }
        }, "iot-local-user-pool-key");
        generator.setDaemon(true);
        generator.start();
    }

    private SigningKey signingKey() {
        generateKeyInBackground();
        try {
            return signingKey.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** The key Cognito Identity and SDKs verify ID tokens with, as {@code /<userPoolId>/.well-known/jwks.json} serves it. */
    public String jwksJson() {
        return new JWKSet(signingKey().key().toPublicJWK()).toString();
    }

    /** The pool's Cognito Identity provider name: the {@code iss} of its tokens without {@code https://}. */
    public String providerName() {
        return issuer.substring("https://".length());
    }

    @Override
    public String id() {
        return userPoolId;
    }

    @Override
    public boolean passwordMatches(String username, String password) {
        User user = username == null ? null : users.get(username);
        return user != null && password != null && MessageDigest.isEqual(
                user.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String idToken(String username) {
        if (!users.containsKey(username)) {
            throw new IllegalArgumentException("No user '" + username + "' in user pool " + userPoolId);
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subjectOf(username))
                .audience(appClientId)
                .issuer(issuer)
                .claim("token_use", "id")
                .claim("cognito:username", username)
                .claim("event_id", UUID.randomUUID().toString())
                .claim("auth_time", now.getEpochSecond())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ID_TOKEN_LIFETIME)))
                .build();
        return sign(claims);
    }

    /**
     * The OpenID Connect token of {@code GetOpenIdToken}: issued by Cognito Identity for an identity, valid ten
     * minutes, signed with this pool's key (enough for code that passes it on; AWS signs it with another key).
     */
    public String openIdToken(String identityId, String identityPoolId, boolean authenticated) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(identityId)
                .audience(identityPoolId)
                .issuer("https://cognito-identity.amazonaws.com")
                .claim("amr", authenticated ? List.of("authenticated", providerName()) : List.of("unauthenticated"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .build();
        return sign(claims);
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SigningKey key = signingKey();
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.key().getKeyID()).build(), claims);
            token.sign(key.signer());
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    /** A user's {@code sub}: stable for a user pool and user name, like Cognito's. */
    /**
     * The identity id an identity pool gives a user of this pool: the same for the same user, always, so that the
     * policies attached to it stay attached.
     */
    public String identityId(String identityPoolId, String subject) {
        return identityPoolId.substring(0, identityPoolId.indexOf(':')) + ":" + UUID.nameUUIDFromBytes(
                (identityPoolId + "|" + providerName() + "|" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** The identity id of a configured user, as GetId gives it for the user's ID token. */
    public String identityIdOf(String identityPoolId, String username) {
        return identityId(identityPoolId, subjectOf(username));
    }

    private String subjectOf(String username) {
        return UUID.nameUUIDFromBytes((userPoolId + "/" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Checks an ID token as Cognito Identity checks a {@code Logins} value: signature, issuer, audience,
     * {@code token_use} and expiry. Returns the {@code sub}, or empty with why in {@code problem}.
     */
    public Optional<String> verifiedSubject(String token, StringBuilder problem) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            problem.append("Invalid login token. Not a valid OpenId Connect identity token.");
            return Optional.empty();
        }
        try {
            if (!jwt.verify(signingKey().verifier())) {
                problem.append("Invalid login token. Couldn't verify signed token.");
                return Optional.empty();
            }
        } catch (JOSEException e) {
            problem.append("Invalid login token. Couldn't verify signed token.");
            return Optional.empty();
        }
        if (!issuer.equals(claims.getIssuer())) {
            problem.append("Invalid login token. Issuer doesn't match providerName");
            return Optional.empty();
        }
        if (claims.getAudience() == null || claims.getAudience().isEmpty()) {
            problem.append("Invalid login token. Missing a required claim: aud");
            return Optional.empty();
        }
        if (!claims.getAudience().contains(appClientId)) {
            problem.append("Invalid login token. Incorrect token audience.");
            return Optional.empty();
        }
        if (!"id".equals(claims.getClaim("token_use"))) {
            problem.append("Invalid login token. Not an ID token.");
            return Optional.empty();
        }
        Date expiration = claims.getExpirationTime();
        Instant now = clock.instant();
        if (expiration == null || !now.isBefore(expiration.toInstant())) {
            problem.append("Invalid login token. Token expired: ")
                    .append(expiration == null ? "none" : expiration.toInstant()).append(" >= ").append(now);
            return Optional.empty();
        }
        return Optional.ofNullable(claims.getSubject());
    }
}
