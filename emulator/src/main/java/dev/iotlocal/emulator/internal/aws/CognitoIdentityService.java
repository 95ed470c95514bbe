package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.identity.UserPoolTokens;
import dev.iotlocal.emulator.internal.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Cognito Identity's public operations, {@code GetId}, {@code GetCredentialsForIdentity} and
 * {@code GetOpenIdToken}, for one identity pool whose login provider is the emulated user pool. The same login
 * always maps to the same identity id; credentials go into the one credential registry. Unauthenticated
 * identities are kept up to {@link #MAX_UNAUTHENTICATED_IDENTITIES}. Thread-safe.
 */
final class CognitoIdentityService {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.cognito");
    private static final Pattern ID_PATTERN = Pattern.compile("[\\w-]+:[0-9a-f-]+");

    /**
     * How many unauthenticated identities the pool remembers, the least recently used forgotten beyond: 10,000
     * (under 2 MB). Every {@code GetId} without {@code Logins} makes one, so a standalone emulator left running
     * would otherwise grow without end. A forgotten identity is answered {@code ResourceNotFoundException}, as AWS
     * answers for a deleted one. Authenticated identities are one per user of the pool and all kept.
     */
    static final int MAX_UNAUTHENTICATED_IDENTITIES = 10_000;

    private final String region;
    private final String identityPoolId;
    private final boolean allowUnauthenticated;
    private final UserPoolTokens userPool;
    private final CredentialRegistry credentials;
    private final Map<String, Function<JsonNode, ObjectNode>> operations =
            Map.of("GetId", this::getId, "GetCredentialsForIdentity", this::getCredentialsForIdentity, "GetOpenIdToken", this::getOpenIdToken);
    /** Identities logged in through the provider. */
    private final Set<String> authenticatedIdentities = ConcurrentHashMap.newKeySet();
    /** The others, as keys, least recently used first; guarded by itself, as every read reorders it. */
    private final Map<String, Boolean> unauthenticatedIdentities = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_UNAUTHENTICATED_IDENTITIES;
        }
    };

    CognitoIdentityService(String region, String identityPoolId, boolean allowUnauthenticated, UserPoolTokens userPool,
                           CredentialRegistry credentials) {
        this.region = region;
        this.identityPoolId = identityPoolId;
        this.allowUnauthenticated = allowUnauthenticated;
        this.userPool = userPool;
        this.credentials = credentials;
    }

    /**
     * The operation named by {@code X-Amz-Target}, if the service runs it: it answers with the response JSON or
     * throws {@link AwsServiceError}.
     */
    Optional<Function<JsonNode, ObjectNode>> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    private ObjectNode getId(JsonNode request) {
        String poolId = requiredString(request, "IdentityPoolId", "identityPoolId");
        if (!ID_PATTERN.matcher(poolId).matches()) {
            throw validation(poolId, "identityPoolId", ID_PATTERN.pattern());
        }
        if (!poolId.equals(identityPoolId)) {
            throw AwsServiceError.resourceNotFound("IdentityPool '" + poolId + "' not found.");
        }
        String identityId;
        Optional<String> subject = loginSubject(request);
        if (subject.isPresent()) {
            identityId = authenticatedIdentityId(subject.get());
            authenticatedIdentities.add(identityId);
        } else {
            requireUnauthenticatedAllowed();
            identityId = region + ":" + UUID.randomUUID();
            synchronized (unauthenticatedIdentities) {
                unauthenticatedIdentities.put(identityId, Boolean.TRUE);
            }
        }
        LOG.info("GetId: {} identity {}", subject.isPresent() ? "authenticated" : "unauthenticated", identityId);
        return Json.MAPPER.createObjectNode().put("IdentityId", identityId);
    }

    private ObjectNode getCredentialsForIdentity(JsonNode request) {
        String identityId = identityId(request);
        boolean authenticated = authorize(identityId, request);
        CredentialRegistry.Issued issued = credentials.issue(identityId, authenticated);
        LOG.info("GetCredentialsForIdentity: {} credentials {} for {}, expiring {}",
                authenticated ? "authenticated" : "unauthenticated", issued.accessKeyId(), identityId, issued.expiration());
        ObjectNode response = Json.MAPPER.createObjectNode().put("IdentityId", identityId);
        response.putObject("Credentials")
                .put("AccessKeyId", issued.accessKeyId())
                .put("SecretKey", issued.secretKey())
                .put("SessionToken", issued.sessionToken())
                // epoch seconds as a number: aws-crt's Cognito provider refuses a string
                .put("Expiration", issued.expiration().getEpochSecond());
        return response;
    }

    private ObjectNode getOpenIdToken(JsonNode request) {
        String identityId = identityId(request);
        boolean authenticated = authorize(identityId, request);
        return Json.MAPPER.createObjectNode().put("IdentityId", identityId)
                .put("Token", userPool.openIdToken(identityId, identityPoolId, authenticated));
    }

    private static String identityId(JsonNode request) {
        String identityId = requiredString(request, "IdentityId", "identityId");
        if (!ID_PATTERN.matcher(identityId).matches() || identityId.length() > 55) {
            throw validation(identityId, "identityId", ID_PATTERN.pattern());
        }
        return identityId;
    }

    /** Whether the identity is known and authenticated; reading an unauthenticated one makes it the most recently used. */
    private boolean isAuthenticated(String identityId) {
        if (authenticatedIdentities.contains(identityId)) {
            return true;
        }
        synchronized (unauthenticatedIdentities) {
            if (unauthenticatedIdentities.get(identityId) != null) {
                return false;
            }
        }
        throw AwsServiceError.resourceNotFound("Identity '" + identityId + "' not found.");
    }

    /** Whether the caller may act as the identity; true when authenticated. */
    private boolean authorize(String identityId, JsonNode request) {
        boolean authenticated = isAuthenticated(identityId);
        Optional<String> subject = loginSubject(request);
        if (subject.isPresent()) {
            if (!authenticatedIdentityId(subject.get()).equals(identityId)) {
                throw AwsServiceError.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
            }
            return true;
        }
        if (authenticated) {
            throw AwsServiceError.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
        }
        requireUnauthenticatedAllowed();
        return false;
    }

    private void requireUnauthenticatedAllowed() {
        if (!allowUnauthenticated) {
            throw AwsServiceError.notAuthorized("Unauthenticated access is not supported for this identity pool.");
        }
    }

    /** The user pool {@code sub} of the request's {@code Logins}, verified; empty without {@code Logins}. */
    private Optional<String> loginSubject(JsonNode request) {
        JsonNode logins = request.get("Logins");
        if (logins == null || logins.isNull() || logins.isEmpty()) {
            return Optional.empty();
        }
        if (!logins.isObject()) {
            throw AwsServiceError.invalidParameter("Logins must be a map of provider names to tokens");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = logins.properties().iterator();
        Map.Entry<String, JsonNode> login = entries.next();
        if (entries.hasNext()) {
            throw AwsServiceError.notAuthorized("Invalid login token. Only the one user pool provider of this identity pool is emulated.");
        }
        if (!login.getKey().equals(userPool.providerName())) {
            throw AwsServiceError.notAuthorized("Token is not from a supported provider of this identity pool.");
        }
        StringBuilder problem = new StringBuilder();
        Optional<String> subject = userPool.verifiedSubject(login.getValue().asText(""), problem);
        if (subject.isEmpty()) {
            throw AwsServiceError.notAuthorized(problem.toString());
        }
        return subject;
    }

    private String authenticatedIdentityId(String subject) {
        return userPool.identityId(identityPoolId, subject);
    }

    private static String requiredString(JsonNode request, String field, String modelName) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new AwsServiceError("ValidationException",
                    "1 validation error detected: Value null at '" + modelName + "' failed to satisfy constraint: Member must not be null", 400);
        }
        return value.asText();
    }

    private static AwsServiceError validation(String value, String field, String pattern) {
        return new AwsServiceError("ValidationException", "1 validation error detected: Value '" + value + "' at '" + field
                + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern, 400);
    }
}
