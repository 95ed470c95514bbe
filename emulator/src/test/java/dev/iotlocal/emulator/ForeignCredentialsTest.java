package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.RequestSigner;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.SignedUpgrade;
import dev.iotlocal.emulator.support.UpgradeTamper;
import dev.iotlocal.emulator.support.WssDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * {@link dev.iotlocal.emulator.cognito.CognitoConfig#acceptForeignCredentials()}: credentials some other Cognito issued (LocalStack's) get
 * through the WSS door only when the setting is on, and only past every check that needs no secret; the
 * emulator's own credentials are verified in full either way.
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
        SignedUpgrade.Response response = SignedUpgrade.send(accepting.get(), SignedUpgrade.presigned(RequestSigner.of(FOREIGN)));

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
        SignedUpgrade.Response response = SignedUpgrade.send(strict.get(), SignedUpgrade.presigned(RequestSigner.of(FOREIGN)));

        SignedUpgrade.assertForbidden(strict, response, now -> "The security token included in the request is invalid.");
    }

    @ParameterizedTest
    @EnumSource(UpgradeTamper.class)
    void aTamperedUpgradeWithForeignCredentialsIsForbiddenOnlyForWhatNeedsNoSecret(UpgradeTamper tamper) {
        SignedUpgrade.Response response = SignedUpgrade.sendTampered(accepting.get(), RequestSigner.of(FOREIGN), tamper);

        if (tamper.refusedWithoutTheSecret()) {
            SignedUpgrade.assertForbidden(accepting, response, tamper);
        } else {
            assertThat(response.status()).as("the emulator cannot check what only the secret proves").isEqualTo(101);
            assertThat(accepting.violations()).isEmpty();
        }
    }

    // an access key the emulator never issued is a foreign one: the test above lets it in
    @ParameterizedTest
    @EnumSource(value = UpgradeTamper.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_ACCESS_KEY")
    void aTamperedUpgradeWithCredentialsTheEmulatorIssuedIsStillForbidden(UpgradeTamper tamper) {
        IotEmulator emulator = accepting.get();
        RequestSigner issued = RequestSigner.of(SeedFlow.run(emulator, "demo", "demo-password"));

        SignedUpgrade.Response response = SignedUpgrade.sendTampered(emulator, issued, tamper);

        SignedUpgrade.assertForbidden(accepting, response, tamper);
    }

    @Test
    void anUntamperedUpgradeWithCredentialsTheEmulatorIssuedSwitchesProtocols() {
        IotEmulator emulator = accepting.get();
        RequestSigner signer = RequestSigner.of(SeedFlow.run(emulator, "demo", "demo-password"));

        assertThat(SignedUpgrade.send(emulator, SignedUpgrade.presigned(signer)).status()).isEqualTo(101);
    }

    @Test
    void expiredCredentialsTheEmulatorIssuedAreNotTakenForForeignOnes() {
        IotEmulator emulator = accepting.get();
        Credentials issued = SeedFlow.run(emulator, "demo", "demo-password");

        emulator.expireIssuedCredentials();

        SignedUpgrade.Response response = SignedUpgrade.send(emulator, SignedUpgrade.presigned(RequestSigner.of(issued)));
        SignedUpgrade.assertForbidden(accepting, response, now -> "The security token included in the request is expired");
    }
}
