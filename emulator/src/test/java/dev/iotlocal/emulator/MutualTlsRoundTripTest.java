package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;

@ExtendWith(CrtResources.class)
class MutualTlsRoundTripTest {

    static IotEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = IotEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void mqtt5DeviceReceivesItsOwnMessageAtQos1() {
        DeviceCertificate certificate = emulator.certificates().issue("thermostat");
        try (Mqtt5Device device = Mqtt5Device.of(emulator, certificate, "thermostat")) {
            ConnAckPacket connAck = device.connect();
            assertThat(connAck.getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);

            device.subscribe("thing-update/thermostat", QOS.AT_LEAST_ONCE);
            device.publish("thing-update/thermostat", "{\"t\":21}", QOS.AT_LEAST_ONCE);

            PublishPacket received = device.nextMessage();
            assertThat(received.getTopic()).isEqualTo("thing-update/thermostat");
            assertThat(new String(received.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21}");
            assertThat(received.getQOS()).isEqualTo(QOS.AT_LEAST_ONCE);
        }
    }

    @Test
    void mqtt311DevicesExchangeMessagesAtQos0() {
        DeviceCertificate sensorCertificate = emulator.certificates().issue("sensor");
        DeviceCertificate listenerCertificate = emulator.certificates().issue("listener");
        try (Mqtt311Device sensor = Mqtt311Device.of(emulator, sensorCertificate, "sensor");
             Mqtt311Device listener = Mqtt311Device.of(emulator, listenerCertificate, "listener")) {
            sensor.connect();
            listener.connect();
            listener.subscribe("thing-update/#", QualityOfService.AT_MOST_ONCE);

            sensor.publish("thing-update/sensor", "hello", QualityOfService.AT_MOST_ONCE);

            MqttMessage received = listener.nextMessage();
            assertThat(received.getTopic()).isEqualTo("thing-update/sensor");
            assertThat(new String(received.getPayload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }
}
