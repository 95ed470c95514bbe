package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * A deliberately small MQTT client for the packets no SDK sends: QoS 2 where the server said Maximum QoS 1,
 * subscription identifiers, too many filters, RETAIN where it is not available, CONNECTs larger than the SDK's
 * native code copes with. Over mutual TLS, plain TCP or the WSS door. It writes exactly the bytes a test asks for and
 * reports exactly what comes back, including a closed connection.
 */
public final class RawMqttClient implements AutoCloseable {

    /** A packet the server sent: the first byte of the fixed header and the rest after the length. */
    public record Packet(int header, byte[] body) {
        public int type() {
            return header >> 4;
        }

        /** CONNACK return code (3.1.1) or reason code (5). */
        public int connackCode() {
            return body[1] & 0xFF;
        }

        /** The reason code of an MQTT 5 DISCONNECT (0 when the packet has none). */
        public int disconnectReasonCode() {
            return body.length == 0 ? 0 : body[0] & 0xFF;
        }

        /** The return codes of a SUBACK (3.1.1: after the packet id; 5: after the properties). */
        public byte[] subackCodes(boolean mqtt5) {
            int offset = 2;
            if (mqtt5) {
                int[] lengthAndSize = readVariableInt(body, offset);
                offset += lengthAndSize[1] + lengthAndSize[0];
            }
            byte[] codes = new byte[body.length - offset];
            System.arraycopy(body, offset, codes, 0, codes.length);
            return codes;
        }
    }

    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int SUBACK = 9;
    public static final int UNSUBACK = 11;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;

    /** Where the bytes go: a socket, or the WSS door's WebSocket. */
    private interface Transport {
        void timeout(Duration timeout) throws IOException;

        void close() throws IOException;
    }

    private final Transport transport;
    private final DataInputStream in;
    private final OutputStream out;
    private final boolean mqtt5;
    private int nextPacketId = 1;

    private RawMqttClient(Socket socket, boolean mqtt5) throws IOException {
        this(new Transport() {
            @Override
            public void timeout(Duration timeout) throws IOException {
                socket.setSoTimeout((int) timeout.toMillis());
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        }, socket.getInputStream(), socket.getOutputStream(), mqtt5);
    }

    private RawMqttClient(Transport transport, InputStream in, OutputStream out, boolean mqtt5) {
        this.transport = transport;
        this.in = new DataInputStream(in);
        this.out = out;
        this.mqtt5 = mqtt5;
    }

    /** Opens a WebSocket through the WSS door, signed with the credentials; sends nothing yet. */
    public static RawMqttClient openWss(IotEmulator emulator, Credentials credentials,
                                        boolean mqtt5) {
        WebSocketTransport webSocket = WebSocketTransport.open(emulator, credentials);
        return new RawMqttClient(new Transport() {
            @Override
            public void timeout(Duration timeout) {
                webSocket.timeout(timeout);
            }

            @Override
            public void close() {
                webSocket.close();
            }
        }, webSocket.input(), webSocket.output(), mqtt5);
    }

    /** Opens a TLS connection to the emulator's mutual-TLS door with the certificate; sends nothing yet. */
    public static RawMqttClient open(IotEmulator emulator, DeviceCertificate certificate, boolean mqtt5) {
        try {
            SSLContext context = tlsContext(certificate.certificatePem(), certificate.privateKeyPem().orElseThrow(),
                    emulator.certificates().caCertificatePem());
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(emulator.endpoints().host(), emulator.endpoints().mtlsPort());
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            socket.startHandshake();
            return new RawMqttClient(socket, mqtt5);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open a TLS connection: " + e, e);
        }
    }

    /** Opens a plain TCP connection to the emulator's debugging listener. */
    public static RawMqttClient openPlain(IotEmulator emulator, boolean mqtt5) {
        return openPlain(emulator.endpoints().host(), emulator.endpoints().plainTcpPort().orElseThrow(), mqtt5);
    }

    /** Opens a plain TCP connection to a debugging listener, of an emulator in another process for instance. */
    public static RawMqttClient openPlain(String host, int port, boolean mqtt5) {
        try {
            Socket socket = new Socket(host, port);
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            return new RawMqttClient(socket, mqtt5);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open a TCP connection: " + e, e);
        }
    }

    /** Sends CONNECT (clean start) and returns the CONNACK, or null if the server closed the connection instead. */
    public Packet connect(String clientId, int keepAliveSeconds) {
        return connect(clientId, keepAliveSeconds, null, 0, false);
    }

    /** Sends CONNECT with an optional Will and returns the CONNACK, or null if the server closed the connection. */
    public Packet connect(String clientId, int keepAliveSeconds, String willTopic, int willQos, boolean willRetain) {
        return connect(clientId, keepAliveSeconds, willTopic, willQos, willRetain, "gone".getBytes(StandardCharsets.UTF_8), null, null);
    }

    /**
     * Sends CONNECT with an optional Will (its payload given), user name and password, and returns the CONNACK, or null
     * if the server closed the connection.
     */
    public Packet connect(String clientId, int keepAliveSeconds, String willTopic, int willQos, boolean willRetain, byte[] willPayload,
                          String username, byte[] password) {
        Body body = new Body();
        body.string("MQTT").u8(mqtt5 ? 5 : 4);
        int flags = 0x02 | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        if (willTopic != null) {
            flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
        }
        body.u8(flags).u16(keepAliveSeconds);
        if (mqtt5) {
            body.u8(0); // no properties
        }
        body.string(clientId);
        if (willTopic != null) {
            if (mqtt5) {
                body.u8(0); // no will properties
            }
            body.string(willTopic).binary(willPayload);
        }
        if (username != null) {
            body.string(username);
        }
        if (password != null) {
            body.binary(password);
        }
        send(0x10, body);
        return readOrNullIfClosed();
    }

    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        Body body = new Body().string(topic);
        if (qos > 0) {
            body.u16(nextPacketId++);
        }
        if (mqtt5) {
            body.u8(0);
        }
        body.raw(payload);
        send(0x30 | (qos << 1) | (retain ? 1 : 0), body);
    }

    /** Sends SUBSCRIBE with one entry per filter, all at {@code qos}; an identifier &gt; 0 is added as property 0x0B. */
    public void subscribe(List<String> filters, int qos, int subscriptionIdentifier) {
        Body body = new Body().u16(nextPacketId++);
        if (mqtt5) {
            if (subscriptionIdentifier > 0) {
                Body properties = new Body().u8(0x0B).variableInt(subscriptionIdentifier);
                body.variableInt(properties.size()).raw(properties.bytes());
            } else {
                body.u8(0);
            }
        }
        for (String filter : filters) {
            body.string(filter).u8(qos);
        }
        send(0x82, body);
    }

    public void pingreq() {
        send(0xC0, new Body());
    }

    /** The next packet from the server, failing if none arrives or the connection closes. */
    public Packet read() {
        Packet packet = readOrNullIfClosed();
        if (packet == null) {
            throw new AssertionError("The server closed the connection");
        }
        return packet;
    }

    /** The next packet, or null when the server closed the connection. */
    public Packet readOrNullIfClosed() {
        try {
            int header = in.read();
            if (header < 0) {
                return null;
            }
            int length = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[length];
            in.readFully(body);
            return new Packet(header, body);
        } catch (EOFException | SocketException closed) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("Nothing from the server within " + Await.TIMEOUT, e);
        } catch (IOException e) {
            return null; // TLS close_notify or reset: the server closed the connection
        }
    }

    /**
     * Reads until the server closes the connection and returns the last packet before that (a DISCONNECT for
     * MQTT 5), or null if the server closed without sending anything.
     */
    public Packet awaitClose() {
        Packet last = null;
        for (Packet packet = readOrNullIfClosed(); packet != null; packet = readOrNullIfClosed()) {
            last = packet;
        }
        return last;
    }

    /** Whether the server answers a PINGREQ within {@code wait}: the connection is alive and usable. */
    public boolean answersPing(Duration wait) {
        pingreq();
        try {
            transport.timeout(wait);
            Packet packet = readOrNullIfClosed();
            return packet != null && packet.type() == PINGRESP;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException ignored) {
            // already closed by the server
        }
    }

    private void send(int header, Body body) {
        try {
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(header);
            Body length = new Body().variableInt(body.size());
            packet.write(length.bytes());
            packet.write(body.bytes());
            out.write(packet.toByteArray());
            out.flush();
        } catch (IOException e) {
            // the server may already have closed the connection; the next read says so
        }
    }

    private static int[] readVariableInt(byte[] bytes, int offset) {
        int value = 0;
        int multiplier = 1;
        int size = 0;
        int digit;
        do {
            digit = bytes[offset + size] & 0xFF;
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            size++;
        } while ((digit & 0x80) != 0);
        return new int[] {value, size};
    }

    private static SSLContext tlsContext(String certificatePem, String keyPem, String caPem) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        X509Certificate ca = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        PrivateKey key;
        try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = parsed instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate() : converter.getPrivateKey((PrivateKeyInfo) parsed);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", key, new char[0], new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** Builds a packet body. */
    private static final class Body {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Body u8(int value) {
            bytes.write(value);
            return this;
        }

        Body u16(int value) {
            bytes.write(value >> 8);
            bytes.write(value & 0xFF);
            return this;
        }

        Body string(String value) {
            return binary(value.getBytes(StandardCharsets.UTF_8));
        }

        Body binary(byte[] value) {
            u16(value.length);
            return raw(value);
        }

        Body raw(byte[] value) {
            bytes.write(value, 0, value.length);
            return this;
        }

        Body variableInt(int value) {
            do {
                int digit = value % 128;
                value /= 128;
                bytes.write(value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
            return this;
        }

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

}
