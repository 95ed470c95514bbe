package dev.iotlocal.emulator.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
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
}
