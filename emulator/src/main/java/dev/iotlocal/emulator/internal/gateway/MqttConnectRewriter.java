package dev.iotlocal.emulator.internal.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Finds the first MQTT packet, which must be CONNECT, in the bytes a WSS client sends, and rewrites its user
 * name and password so that the password carries the door's one-time secret. Strict: anything that is not a
 * well-formed CONNECT (MQTT 3.1, 3.1.1 or 5) is refused, so the broker never sees a half-understood packet.
 */
final class MqttConnectRewriter {

    private MqttConnectRewriter() {}

    /** The CONNECT could not be understood; the connection is closed. */
    static class MalformedConnect extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedConnect(String message) {
            super(message, null, false, false);
        }
    }

    /** The CONNECT is larger than the door reads: AWS IoT's packet size limit, or the door's own bound. */
    static final class ConnectTooLarge extends MalformedConnect {
        private static final long serialVersionUID = 1L;
        private final int bytes;

        ConnectTooLarge(int bytes) {
            super("CONNECT of " + bytes + " bytes");
            this.bytes = bytes;
        }

        int bytes() {
            return bytes;
        }
    }

    /**
     * The length of the first complete packet at the reader index, or -1 if more bytes are needed.
     *
     * @param maximumBytes the largest CONNECT the door reads, fixed header included
     * @throws ConnectTooLarge if the CONNECT is larger
     * @throws MalformedConnect if the bytes cannot start a CONNECT
     */
    static int completePacketLength(ByteBuf buffer, int maximumBytes) throws MalformedConnect {
        int start = buffer.readerIndex();
        if (buffer.readableBytes() < 2) {
            return -1;
        }
        if ((buffer.getUnsignedByte(start) & 0xFF) != 0x10) {
            throw new MalformedConnect("the first packet is not CONNECT (type " + (buffer.getUnsignedByte(start) >> 4) + ")");
        }
        int remaining = 0;
        int multiplier = 1;
        for (int i = 1; i <= 4; i++) {
            if (buffer.readableBytes() <= i) {
                return -1;
            }
            int digit = buffer.getUnsignedByte(start + i);
            remaining += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                int total = 1 + i + remaining;
                if (total > maximumBytes) {
                    throw new ConnectTooLarge(total);
                }
                return buffer.readableBytes() >= total ? total : -1;
            }
            multiplier *= 128;
        }
        throw new MalformedConnect("malformed remaining length");
    }

    /**
     * Rewrites one complete CONNECT packet.
     *
     * @param secretFor given the client's user name and password (null when absent), returns the secret to put in
     * @return the new packet; the caller releases it
     */
    static ByteBuf rewrite(ByteBuf connect, ByteBufAllocator allocator, BiFunction<String, byte[], String> secretFor)
            throws MalformedConnect {
        Reader in = new Reader(connect);
        in.u8(); // fixed header, checked by completePacketLength
        in.variableInt();
        int variableHeaderStart = in.position();
        String protocol = in.utf8();
        int level = in.u8();
        boolean mqtt5 = level == 5;
        if (!((protocol.equals("MQTT") && (level == 4 || level == 5)) || (protocol.equals("MQIsdp") && level == 3))) {
            throw new MalformedConnect("unsupported protocol " + protocol + " level " + level);
        }
        int flagsPosition = in.position();
        int flags = in.u8();
        if ((flags & 0x01) != 0) {
            throw new MalformedConnect("reserved CONNECT flag set");
        }
        boolean will = (flags & 0x04) != 0;
        boolean hasUsername = (flags & 0x80) != 0;
        boolean hasPassword = (flags & 0x40) != 0;
        in.u16(); // keep alive
        if (mqtt5) {
            in.skip(in.variableInt()); // properties
        }
        in.binary(); // client id
        if (will) {
            if (mqtt5) {
                in.skip(in.variableInt()); // will properties
            }
            in.binary(); // will topic
            in.binary(); // will payload
        }
        int credentialsStart = in.position();
        String username = hasUsername ? new String(in.binary(), StandardCharsets.UTF_8) : null;
        byte[] password = hasPassword ? in.binary() : null;
        if (in.position() != connect.writerIndex()) {
            throw new MalformedConnect("bytes after the CONNECT payload");
        }
        byte[] secret = secretFor.apply(username, password).getBytes(StandardCharsets.UTF_8);
        byte[] newUsername = (username == null ? "" : username).getBytes(StandardCharsets.UTF_8);

        int remainingLength = (credentialsStart - variableHeaderStart) + 2 + newUsername.length + 2 + secret.length;
        ByteBuf out = allocator.buffer(1 + 4 + remainingLength);
        out.writeByte(0x10);
        writeVariableInt(out, remainingLength);
        out.writeBytes(connect, variableHeaderStart, flagsPosition - variableHeaderStart);
        // MQTT 3.1.1 allows a password only with a user name, so both flags are set
        out.writeByte(flags | 0x80 | 0x40);
        out.writeBytes(connect, flagsPosition + 1, credentialsStart - flagsPosition - 1);
        out.writeShort(newUsername.length).writeBytes(newUsername);
        out.writeShort(secret.length).writeBytes(secret);
        return out;
    }

    private static void writeVariableInt(ByteBuf out, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    /** Bounds-checked reading; any overrun is a malformed CONNECT. */
    private static final class Reader {
        private final ByteBuf buffer;
        private int position;

        Reader(ByteBuf buffer) {
            this.buffer = buffer;
            this.position = buffer.readerIndex();
        }

        int position() {
            return position;
        }

        int u8() throws MalformedConnect {
            require(1);
            return buffer.getUnsignedByte(position++);
        }

        int u16() throws MalformedConnect {
            require(2);
            int value = buffer.getUnsignedShort(position);
            position += 2;
            return value;
        }

        int variableInt() throws MalformedConnect {
            int value = 0;
            int multiplier = 1;
            for (int i = 0; i < 4; i++) {
                int digit = u8();
                value += (digit & 0x7F) * multiplier;
                if ((digit & 0x80) == 0) {
                    return value;
                }
                multiplier *= 128;
            }
            throw new MalformedConnect("malformed variable byte integer");
        }

        byte[] binary() throws MalformedConnect {
            int length = u16();
            require(length);
            byte[] bytes = new byte[length];
            buffer.getBytes(position, bytes);
            position += length;
            return bytes;
        }

        String utf8() throws MalformedConnect {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        void skip(int length) throws MalformedConnect {
            require(length);
            position += length;
        }

        private void require(int length) throws MalformedConnect {
            if (length < 0 || position + length > buffer.writerIndex()) {
                throw new MalformedConnect("CONNECT ends too early");
            }
        }
    }
}
