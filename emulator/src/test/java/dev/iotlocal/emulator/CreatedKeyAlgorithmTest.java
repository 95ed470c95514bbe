package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.KeyAlgorithm;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/** {@code createdKeyAlgorithm(EC_P256)}: CreateKeysAndCertificate hands out EC keys, which devices connect with. */
@ExtendWith(CrtResources.class)
class CreatedKeyAlgorithmTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().createdKeyAlgorithm(KeyAlgorithm.EC_P256).build());

    @Test
    void createKeysAndCertificateMakesAnEcKeyThatConnects() {
        try (IotClient iot = ControlPlane.iotClient(running.get())) {
            CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(b -> b.setAsActive(true));

            assertThat(Pem.certificate(created.certificatePem()).getPublicKey()).isInstanceOf(ECPublicKey.class);
            assertThat(created.keyPair().privateKey()).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(created.keyPair().publicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
            DeviceCertificate device = new DeviceCertificate(created.certificateId(), "ec-meter", created.certificatePem(),
                    Optional.of(created.keyPair().privateKey()));
            try (Mqtt311Device meter = Mqtt311Device.of(running.get(), device, "ec-meter")) {
                assertThat(meter.connect()).as("session present").isFalse();
            }
        }
    }
}
