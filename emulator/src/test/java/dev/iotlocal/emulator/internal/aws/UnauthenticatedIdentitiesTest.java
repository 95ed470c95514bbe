package dev.iotlocal.emulator.internal.aws;

import static dev.iotlocal.emulator.internal.aws.CognitoIdentityService.MAX_UNAUTHENTICATED_IDENTITIES;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.cognito.User;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.identity.UserPoolTokens;
import dev.iotlocal.emulator.internal.util.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A long-running pool remembers a bounded number of unauthenticated identities, the most recently used, and every
 * authenticated one. Drives the service's operations directly: tens of thousands of {@code GetId} calls over HTTP
 * would take the shared machine's cores for many seconds.
 */
class UnauthenticatedIdentitiesTest {

    private static final String POOL = "us-east-1:00000000-0000-0000-0000-0000000b0a4d";

    private final UserPoolTokens userPool = new UserPoolTokens("us-east-1", "us-east-1_Bounded", "client",
            List.of(new User("alice", "alice-password")), Clock.systemUTC());
    private final CognitoIdentityService cognito = new CognitoIdentityService("us-east-1", POOL, true, userPool,
            new CredentialRegistry(Clock.systemUTC(), Duration.ofHours(1)));
    private final Logger cognitoLog = (Logger) LoggerFactory.getLogger("dev.iotlocal.cognito");

    @BeforeEach
    void quietenOneLinePerGetId() {
        cognitoLog.setLevel(Level.WARN);
    }

    @AfterEach
    void restoreLog() {
        cognitoLog.setLevel(null);
    }

    @Test
    void theOldestGuestIsForgottenOncePastTheBound() {
        String oldest = newGuest();
        String next = newGuest();
        for (int i = 2; i < MAX_UNAUTHENTICATED_IDENTITIES; i++) {
            newGuest();
        }
        String newest = newGuest();

        assertThat(getsCredentials(oldest)).isFalse();
        assertThat(getsCredentials(next)).isTrue();
        assertThat(getsCredentials(newest)).isTrue();
    }

    @Test
    void aGuestInUseIsKeptWhileTheLeastRecentlyUsedIsForgotten() {
        String inUse = newGuest();
        String unused = newGuest();
        for (int i = 2; i < MAX_UNAUTHENTICATED_IDENTITIES; i++) {
            newGuest();
        }
        assertThat(getsCredentials(inUse)).as("all kept up to the bound").isTrue();

        newGuest();

        assertThat(getsCredentials(unused)).isFalse();
        assertThat(getsCredentials(inUse)).isTrue();
    }

    @Test
    void authenticatedIdentitiesOutliveAnyNumberOfGuests() {
        ObjectNode logins = Json.MAPPER.createObjectNode().put(userPool.providerName(), userPool.idToken("alice"));
        ObjectNode getId = Json.MAPPER.createObjectNode().put("IdentityPoolId", POOL);
        getId.set("Logins", logins);
        String alice = run("GetId", getId).get("IdentityId").asText();
        for (int i = 0; i <= MAX_UNAUTHENTICATED_IDENTITIES; i++) {
            newGuest();
        }

        ObjectNode getCredentials = Json.MAPPER.createObjectNode().put("IdentityId", alice);
        getCredentials.set("Logins", logins);
        assertThat(run("GetCredentialsForIdentity", getCredentials).at("/Credentials/AccessKeyId").asText()).startsWith("ASIA");
    }

    private String newGuest() {
        return run("GetId", Json.MAPPER.createObjectNode().put("IdentityPoolId", POOL)).get("IdentityId").asText();
    }

    private boolean getsCredentials(String identityId) {
        try {
            run("GetCredentialsForIdentity", Json.MAPPER.createObjectNode().put("IdentityId", identityId));
            return true;
        } catch (AwsServiceError e) {
            assertThat(e.type()).isEqualTo("ResourceNotFoundException");
            assertThat(e.getMessage()).isEqualTo("Identity '" + identityId + "' not found.");
            return false;
        }
    }

    private JsonNode run(String operation, JsonNode request) {
        return cognito.operation(operation).orElseThrow().apply(request);
    }
}
