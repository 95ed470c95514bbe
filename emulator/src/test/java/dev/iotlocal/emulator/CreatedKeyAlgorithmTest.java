package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.KeyAlgorithm;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Policies;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * {@code createdKeyAlgorithm(EC_P256)}: CreateKeysAndCertificate hands out EC keys, which devices connect with once a
 * policy is attached (the control plane attaches none, as on AWS).
 */
@ExtendWith(CrtResources.class)
class CreatedKeyAlgorithmTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().createdKeyAlgorithm(KeyAlgorithm.EC_P256).build());

    @Test
    void createKeysAndCertificateMakesAnEcKeyThatConnects() {
        try (IotClient iot = ControlPlane.iotClient(running.get())) {
            CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(b -> b.setAsActive(true));
            Policies.attach(iot, "ec-meter-policy", Policies.ALLOW_MQTT, created.certificateArn());

            assertThat(Pem.certificate(created.certificatePem()).getPublicKey()).isInstanceOf(ECPublicKey.class);
            assertThat(created.keyPair().privateKey()).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(created.keyPair().publicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
            try (Mqtt311Device meter = Mqtt311Device.of(running.get(), Policies.deviceCertificate(created, "ec-meter"), "ec-meter")) {
                assertThat(meter.connect()).as("session present").isFalse();
            }
        }
    }
}
