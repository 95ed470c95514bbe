package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/** Today's AWS IoT retained-message rules. */
@ExtendWith(CrtResources.class)
class RetainedMessagesAwsProfileTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .rules(AwsIotRules.builder().retainedMessages(RetainedMessages.AWS).build())
            .build());

    @Test
    void connackSaysRetainAvailable() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("retain-connack"), "retain-connack")) {
            assertThat(Optional.ofNullable(device.connect().getRetainAvailable())).as("absent means available").isNotEqualTo(Optional.of(Boolean.FALSE));
        }
    }

    @Test
    void retainedMessageReachesALaterExactSubscriberWithRetainSet() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device publisher = Mqtt5Device.of(emulator, emulator.certificates().issue("r-pub"), "r-pub");
             Mqtt5Device subscriber = Mqtt5Device.of(emulator, emulator.certificates().issue("r-sub"), "r-sub")) {
            publisher.connect();
            Await.result(publisher.publishAsync("config/lamp", "{\"on\":true}", QOS.AT_LEAST_ONCE, true));

            subscriber.connect();
            subscriber.subscribe("config/lamp", QOS.AT_LEAST_ONCE);

            PublishPacket stored = subscriber.nextMessage();
            assertThat(stored.getTopic()).isEqualTo("config/lamp");
            assertThat(new String(stored.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"on\":true}");
            assertThat(stored.getRetain()).isTrue();
        }
    }

    @Test
    void retainedMessageIsNotSentToAWildcardSubscription() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device publisher = Mqtt5Device.of(emulator, emulator.certificates().issue("w-pub"), "w-pub");
             Mqtt5Device subscriber = Mqtt5Device.of(emulator, emulator.certificates().issue("w-sub"), "w-sub")) {
            publisher.connect();
            Await.result(publisher.publishAsync("config/heater", "stored", QOS.AT_LEAST_ONCE, true));

            subscriber.connect();
            subscriber.subscribe("config/+", QOS.AT_LEAST_ONCE);
            publisher.publish("config/marker", "live", QOS.AT_LEAST_ONCE);

            PublishPacket first = subscriber.nextMessage();
            assertThat(first.getTopic()).as("the stored message never arrives; the live one does").isEqualTo("config/marker");
            assertThat(first.getRetain()).isFalse();
        }
    }

    @Test
    void liveCopiesHaveRetainClearedEvenWhenRetainAsPublishedIsAsked() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device publisher = Mqtt5Device.of(emulator, emulator.certificates().issue("l-pub"), "l-pub");
             Mqtt5Device subscriber = Mqtt5Device.of(emulator, emulator.certificates().issue("l-sub"), "l-sub")) {
            publisher.connect();
            subscriber.connect();
            Await.result(subscriber.subscribeAsync(new SubscribePacket.SubscribePacketBuilder()
                    .withSubscription("config/fan", QOS.AT_LEAST_ONCE, false, true, SubscribePacket.RetainHandlingType.SEND_ON_SUBSCRIBE)
                    .build()));

            Await.result(publisher.publishAsync("config/fan", "spin", QOS.AT_LEAST_ONCE, true));

            PublishPacket live = subscriber.nextMessage();
            assertThat(live.getTopic()).isEqualTo("config/fan");
            assertThat(live.getRetain()).isFalse();
        }
    }

    @Test
    void emptyRetainedPayloadDeletesTheStoredMessageAndIsStillDelivered() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device publisher = Mqtt5Device.of(emulator, emulator.certificates().issue("d-pub"), "d-pub");
             Mqtt5Device current = Mqtt5Device.of(emulator, emulator.certificates().issue("d-cur"), "d-cur");
             Mqtt5Device later = Mqtt5Device.of(emulator, emulator.certificates().issue("d-late"), "d-late")) {
            publisher.connect();
            current.connect();
            Await.result(publisher.publishAsync("config/door", "locked", QOS.AT_LEAST_ONCE, true));
            current.subscribe("config/door", QOS.AT_LEAST_ONCE);
            assertThat(current.nextMessage().getRetain()).isTrue();

            Await.result(publisher.publishAsync("config/door", new byte[0], QOS.AT_LEAST_ONCE, true));

            PublishPacket deletion = current.nextMessage();
            assertThat(deletion.getPayload() == null || deletion.getPayload().length == 0).isTrue();

            later.connect();
            later.subscribe("config/door", QOS.AT_LEAST_ONCE);
            publisher.publish("config/door", "marker", QOS.AT_LEAST_ONCE);
            assertThat(new String(later.nextMessage().getPayload(), StandardCharsets.UTF_8)).isEqualTo("marker");
        }
    }

    @Test
    void retainOnAReservedTopicClosesTheConnection() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("shadow-retain"), "shadow-retain")) {
            device.connect();

            device.publishAsync("$aws/things/lamp/shadow/update", "{}", QOS.AT_LEAST_ONCE, true);

            assertThat(Await.result(device.firstDisconnection()).getDisconnectPacket().getReasonCode().getValue()).isEqualTo(0x87);
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.RESERVED_TOPIC).detail()).contains("RETAIN");
        }
    }
}
