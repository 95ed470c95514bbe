package dev.iotlocal.emulator.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The things part of the account: what may be attached to a thing, and how. */
class ThingsTest {

    private final AccountRegistry account = new AccountRegistry("123456789012", "us-east-1", CertificateAuthority.generate(), null,
            Clock.systemUTC());
    private final Things things = account.things();

    @Test
    void aCognitoIdentityIdIsARegionAndALowerCaseUuid() {
        things.create("phone", null, Map.of(), null);

        RegistryError refused = catchThrowableOfType(RegistryError.class,
                () -> things.attach("phone", "us-east-1:abc", ThingPrincipalType.NON_EXCLUSIVE_THING));

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        assertThat(refused.getMessage()).isEqualTo("The principal us-east-1:abc is neither a certificate ARN nor an Amazon Cognito identity id");
    }

    @Test
    void aCognitoIdentityCannotBeAttachedExclusively() {
        things.create("badge", null, Map.of(), null);
        String identity = "us-east-1:4b3e1c9a-0000-4000-8000-000000000001";

        RegistryError refused = catchThrowableOfType(RegistryError.class,
                () -> things.attach("badge", identity, ThingPrincipalType.EXCLUSIVE_THING));

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        assertThat(refused.getMessage()).isEqualTo("Principal " + identity + " cannot be attached exclusively to thing badge: "
                + "an exclusive thing association (EXCLUSIVE_THING) works with X.509 certificates only");
        assertThat(things.principalsOf("badge", null, null, 10).items()).isEmpty();
    }

    @Test
    void aCertificateAttachedExclusivelyIsItsThingsAlone() {
        things.create("sole-owner", null, Map.of(), null);
        things.create("intruder", null, Map.of(), null);
        String certificate = certificateArn();
        things.attach("sole-owner", certificate, ThingPrincipalType.EXCLUSIVE_THING);

        RegistryError refused = catchThrowableOfType(RegistryError.class,
                () -> things.attach("intruder", certificate, ThingPrincipalType.NON_EXCLUSIVE_THING));

        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        assertThat(refused.getMessage()).isEqualTo("Principal " + certificate + " cannot be attached to thing intruder: "
                + "it is attached exclusively to thing sole-owner");
        assertThat(things.thingsOf(certificate, null, null, 10).items())
                .containsExactly(new Things.Attachment("sole-owner", ThingPrincipalType.EXCLUSIVE_THING));
    }

    private String certificateArn() {
        String pem = Pem.encode(CertificateAuthority.generate().issueDeviceCertificate(EcKeys.generate().getPublic()));
        return account.certificates().registerWithoutCa(pem, CertificateStatus.ACTIVE).certificateArn();
    }
}
