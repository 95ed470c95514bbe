package dev.iotlocal.emulator.quickstart;

// tag::in-jvm-imports[]
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
// end::in-jvm-imports[]

import dev.iotlocal.emulator.support.CrtResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's in-JVM quick start, compiled and run: the emulator without the test kit, and the device SDK as is. In
 * a package of its own, so that it imports what a user's code imports.
 */
@ExtendWith(CrtResources.class)
class QuickStartTest {

    @Test
    void qos2PublishIsRefusedAsAwsIotRefusesIt() throws Exception {
        // tag::in-jvm[]
        try (IotEmulator emulator = IotEmulator.start()) {                  // loopback, free ports, every AWS rule on
            DeviceCertificate thermostat = emulator.certificates().issue("thermostat");
            try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder
                         .newMtlsBuilder(thermostat.certificatePem(), thermostat.privateKeyPem().orElseThrow())
                         .withCertificateAuthority(emulator.certificates().caCertificatePem())
                         .withEndpoint(emulator.endpoints().host())
                         .withPort(emulator.endpoints().mtlsPort())
                         .withClientId("thermostat");
                 MqttClientConnection connection = builder.build()) {
                connection.connect().get();
                connection.publish(new MqttMessage("thing-update/thermostat", "{\"temp\":21}".getBytes(UTF_8),
                        QualityOfService.EXACTLY_ONCE, false));           // AWS IoT closes the connection; so do we
                await().until(() -> !emulator.journal().violations().isEmpty());
            }
            RuleViolation violation = emulator.journal().violations().get(0);
            assertThat(violation.rule()).isEqualTo(AwsIotRule.QOS_2_NOT_SUPPORTED);
            assertThat(violation.clientId()).isEqualTo("thermostat");
        }
        // end::in-jvm[]
    }
}
