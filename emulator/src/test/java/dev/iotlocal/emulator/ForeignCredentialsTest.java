package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.SignedUpgrade;
import dev.iotlocal.emulator.support.WssDevice;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * {@link dev.iotlocal.emulator.cognito.CognitoConfig#acceptForeignCredentials()}: credentials some other Cognito issued (LocalStack's) get
 * through the WSS door only when the setting is on, and only past every check but the signature; the emulator's
 * own credentials are verified in full either way. Every upgrade is signed by aws-crt's own SigV4 signer.
 */
@ExtendWith(CrtResources.class)
class ForeignCredentialsTest {

    @RegisterExtension
    static final RunningEmulator accepting = new RunningEmulator(EmulatorConfig.builder().cognito(cognito -> cognito.acceptForeignCredentials(true)).build());

    @RegisterExtension
    static final RunningEmulator strict = new RunningEmulator(EmulatorConfig.defaults());

    /** Shaped like temporary credentials from a Cognito the emulator knows nothing of. */
    private static final Credentials FOREIGN = Credentials.builder()
            .accessKeyId("ASIALOCALSTACK000001")
            .secretKey("a-secret-only-the-other-cognito-knows")
            .sessionToken("a-session-token-only-the-other-cognito-knows")
            .build();

    @Test
    void theSettingIsOffByDefault() {
        assertThat(EmulatorConfig.defaults().cognito().acceptForeignCredentials()).isFalse();
        assertThat(accepting.get().config().toBuilder().build().cognito().acceptForeignCredentials()).as("kept by toBuilder").isTrue();
    }

    @Test
    void anUpgradeSignedWithForeignCredentialsSwitchesProtocolsWhenAccepted() {
        SignedUpgrade.Response response = SignedUpgrade.send(accepting.get(), signedWith(FOREIGN, "us-east-1"), "localhost");

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("sec-websocket-protocol")).isEqualTo("mqtt");
        assertThat(accepting.violations()).isEmpty();
    }

    @Test
    void aConnectionWithForeignCredentialsHasTheAccessKeyAsItsPrincipal() {
        IotEmulator emulator = accepting.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(FOREIGN);
             Mqtt311Device server = WssDevice.mqtt311(emulator, credentials, "localstack-server")) {
            server.connect();
            // QoS 2 breaks an AWS IoT rule, and the violation shows the principal the door handed the broker
            server.publishAsync("thing-update/x", "once", QualityOfService.EXACTLY_ONCE, false);
            Await.result(server.firstInterruption());
        }

        LifecycleEvent connected = accepting.awaitEvent("connected", "localstack-server");
        assertThat(connected.principalIdentifier()).isEqualTo(FOREIGN.accessKeyId());
        RuleViolation violation = accepting.awaitViolation(v -> v.rule() == AwsIotRule.QOS_2_NOT_SUPPORTED);
        assertThat(violation.principal()).hasValueSatisfying(principal -> {
            assertThat(principal.kind()).isEqualTo(Principal.Kind.FOREIGN_CREDENTIALS);
            assertThat(principal.id()).isEqualTo(FOREIGN.accessKeyId());
            assertThat(principal.accessKeyId()).contains(FOREIGN.accessKeyId());
        });
    }

    @Test
    void foreignCredentialsAreForbiddenByDefault() {
        SignedUpgrade.Response response = SignedUpgrade.send(strict.get(), signedWith(FOREIGN, "us-east-1"), "localhost");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("The security token included in the request is invalid.");
        assertThat(strict.awaitViolation(v -> v.rule() == AwsIotRule.NOT_AUTHORIZED).detail()).contains("403");
    }

    @Test
    void foreignCredentialsScopedToAnotherRegionAreStillForbidden() {
        SignedUpgrade.Response response = SignedUpgrade.send(accepting.get(), signedWith(FOREIGN, "eu-west-1"), "localhost");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("Credential should be scoped to a valid region");
    }

    @Test
    void foreignCredentialsScopedToAnotherServiceAreStillForbidden() {
        String path = SignedUpgrade.sign("localhost", "us-east-1", "s3", FOREIGN.accessKeyId(), FOREIGN.secretKey(),
                FOREIGN.sessionToken(), Instant.now());

        assertThat(SignedUpgrade.send(accepting.get(), path, "localhost").status()).isEqualTo(403);
    }

    @Test
    void foreignCredentialsSignedTooLongAgoAreStillForbidden() {
        String path = SignedUpgrade.sign("localhost", "us-east-1", "iotdevicegateway", FOREIGN.accessKeyId(), FOREIGN.secretKey(),
                FOREIGN.sessionToken(), Instant.now().minusSeconds(6 * 60));

        SignedUpgrade.Response response = SignedUpgrade.send(accepting.get(), path, "localhost");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("Signature expired");
    }

    @Test
    void anUpgradeWithoutASignatureIsStillForbidden() {
        String path = signedWith(FOREIGN, "us-east-1").replaceFirst("&?X-Amz-Signature=[0-9a-f]+", "");

        assertThat(SignedUpgrade.send(accepting.get(), path, "localhost").status()).isEqualTo(403);
    }

    @Test
    void credentialsTheEmulatorIssuedAreStillVerifiedInFull() {
        IotEmulator emulator = accepting.get();
        Credentials issued = SeedFlow.run(emulator, "demo", "demo-password");
        String path = signedWith(issued, "us-east-1");
        String tampered = path.replaceFirst("X-Amz-Signature=(.)", "X-Amz-Signature=" + (path.contains("X-Amz-Signature=0") ? "1" : "0"));

        SignedUpgrade.Response response = SignedUpgrade.send(emulator, tampered, "localhost");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("The request signature we calculated does not match");
        assertThat(SignedUpgrade.send(emulator, path, "localhost").status()).as("the untampered one").isEqualTo(101);
    }

    @Test
    void expiredCredentialsTheEmulatorIssuedAreNotTakenForForeignOnes() {
        IotEmulator emulator = accepting.get();
        Credentials issued = SeedFlow.run(emulator, "demo", "demo-password");

        emulator.expireIssuedCredentials();

        SignedUpgrade.Response response = SignedUpgrade.send(emulator, signedWith(issued, "us-east-1"), "localhost");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("expired");
    }

    private static String signedWith(Credentials credentials, String region) {
        return SignedUpgrade.sign("localhost", region, "iotdevicegateway", credentials.accessKeyId(), credentials.secretKey(),
                credentials.sessionToken(), Instant.now());
    }
}
