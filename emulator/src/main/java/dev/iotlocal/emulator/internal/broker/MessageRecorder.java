package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.journal.MessageDelivered;
import dev.iotlocal.emulator.journal.MessagePublished;
import java.nio.ByteBuffer;
import java.time.Clock;

/** Writes accepted publishes and deliveries into the journal, when the emulator records messages. */
final class MessageRecorder {

    private final InMemoryJournal journal;
    private final Clock clock;

    MessageRecorder(InMemoryJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    void published(String clientId, PublishPacket publish) {
        journal.record(new MessagePublished(clientId, publish.getTopic(), bytes(publish), publish.getQos().getQosNumber(),
                publish.getRetain(), clock.instant()));
    }

    /** A message published on a client's behalf by the emulator (an HTTPS {@code Publish}). */
    void published(String clientId, String topic, byte[] payload, int qos, boolean retain) {
        journal.record(new MessagePublished(clientId, topic, payload.clone(), qos, retain, clock.instant()));
    }

    void delivered(String clientId, PublishPacket publish) {
        journal.record(new MessageDelivered(clientId, publish.getTopic(), bytes(publish), publish.getQos().getQosNumber(),
                publish.getRetain(), clock.instant()));
    }

    private static byte[] bytes(PublishPacket publish) {
        return publish.getPayload().map(payload -> {
            ByteBuffer copy = payload.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }).orElse(new byte[0]);
    }
}
