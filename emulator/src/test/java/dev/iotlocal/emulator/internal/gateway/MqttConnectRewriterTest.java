package dev.iotlocal.emulator.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MqttConnectRewriterTest {

    /** AWS IoT's packet size limit, what the WSS door reads a CONNECT up to by default. */
    private static final int LIMIT = 128 * 1024;

    @Test
    void mqtt311ConnectWithoutCredentialsGetsAnEmptyUserNameAndTheSecretAsPassword() throws Exception {
        ByteBuf connect = Unpooled.wrappedBuffer(connect311("device-1", null, null));
        AtomicReference<String> seenUsername = new AtomicReference<>("unset");

        ByteBuf rewritten = MqttConnectRewriter.rewrite(connect, ByteBufAllocator.DEFAULT, (username, password) -> {
            seenUsername.set(username);
            return "secret";
        });

        assertThat(seenUsername.get()).isNull();
        assertThat(bytes(rewritten)).isEqualTo(connect311("device-1", "", "secret"));
    }

    @Test
    void existingUserNameAndPasswordAreHandedOverAndReplaced() throws Exception {
        ByteBuf connect = Unpooled.wrappedBuffer(connect311("device-2", "?SDK=Java", "pw"));
        AtomicReference<byte[]> seenPassword = new AtomicReference<>();

        ByteBuf rewritten = MqttConnectRewriter.rewrite(connect, ByteBufAllocator.DEFAULT, (username, password) -> {
            assertThat(username).isEqualTo("?SDK=Java");
            seenPassword.set(password);
            return "ticket";
        });

        assertThat(seenPassword.get()).isEqualTo("pw".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(rewritten)).isEqualTo(connect311("device-2", "?SDK=Java", "ticket"));
    }

    @Test
    void packetLengthIsKnownOnlyOnceComplete() throws Exception {
        byte[] whole = connect311("split", null, null);
        assertThat(MqttConnectRewriter.completePacketLength(Unpooled.wrappedBuffer(whole, 0, 5), LIMIT)).isEqualTo(-1);
        assertThat(MqttConnectRewriter.completePacketLength(Unpooled.wrappedBuffer(whole), LIMIT)).isEqualTo(whole.length);
    }

    @Test
    void aFirstPacketOtherThanConnectIsRefused() {
        assertThatThrownBy(() -> MqttConnectRewriter.completePacketLength(Unpooled.wrappedBuffer(new byte[] {0x30, 0x02, 0, 0}), LIMIT))
                .isInstanceOf(MqttConnectRewriter.MalformedConnect.class).hasMessageContaining("not CONNECT");
    }

    @Test
    void aConnectUpToTheLimitIsReadAndALargerOneRefusedWithItsSize() throws Exception {
        byte[] atTheLimit = connectOfSize(LIMIT);
        assertThat(MqttConnectRewriter.completePacketLength(Unpooled.wrappedBuffer(atTheLimit), LIMIT)).isEqualTo(LIMIT);

        byte[] over = connectOfSize(LIMIT + 1);
        assertThatThrownBy(() -> MqttConnectRewriter.completePacketLength(Unpooled.wrappedBuffer(over, 0, 8), LIMIT))
                .as("known from the fixed header alone")
                .isInstanceOfSatisfying(MqttConnectRewriter.ConnectTooLarge.class, tooLarge -> assertThat(tooLarge.bytes()).isEqualTo(LIMIT + 1));
    }

    @Test
    void randomCorruptionsNeverThrowAnythingButMalformedConnect() {
        Random random = new Random(42);
        byte[] valid = connect311("fuzz", "user", "password");
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = valid.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            ByteBuf buffer = Unpooled.wrappedBuffer(mutated);
            try {
                int length = MqttConnectRewriter.completePacketLength(buffer, LIMIT);
                if (length > 0) {
                    ByteBuf rewritten = MqttConnectRewriter.rewrite(buffer.slice(0, length), ByteBufAllocator.DEFAULT, (u, p) -> "s");
                    rewritten.release();
                }
            } catch (MqttConnectRewriter.MalformedConnect expected) {
                // refused cleanly
            }
        }
    }

    private static byte[] connect311(String clientId, String username, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4});
        int flags = 0x02 | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        body.write(flags);
        body.writeBytes(new byte[] {0, 60});
        string(body, clientId);
        if (username != null) {
            string(body, username);
        }
        if (password != null) {
            string(body, password);
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(body.size());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    /** A CONNECT fixed header announcing {@code total} bytes, and that many bytes: for the length checks only. */
    private static byte[] connectOfSize(int total) {
        int remaining = total - 1 - 3; // a three-byte remaining length covers 16 KiB to 2 MiB
        byte[] packet = new byte[total];
        packet[0] = 0x10;
        packet[1] = (byte) (0x80 | (remaining & 0x7F));
        packet[2] = (byte) (0x80 | ((remaining >> 7) & 0x7F));
        packet[3] = (byte) (remaining >> 14);
        return packet;
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        buffer.release();
        return bytes;
    }
}
