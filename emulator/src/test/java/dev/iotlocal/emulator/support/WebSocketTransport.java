package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * The MQTT byte stream over the emulator's WSS door, through the JDK's own WebSocket client and an upgrade signed as
 * aws-crt signs it: for {@link RawMqttClient}'s packets that no SDK sends over WebSocket (aws-crt crashes on a CONNECT
 * with fields of tens of KiB). Binary frames in become the input stream; each flush of the output stream is one
 * binary frame out.
 */
final class WebSocketTransport implements WebSocket.Listener {

    private static final byte[] CLOSED = new byte[0];

    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile Duration timeout = Await.TIMEOUT;
    private WebSocket webSocket;

    static WebSocketTransport open(IotEmulator emulator, Credentials credentials) {
        try {
            String host = emulator.endpoints().host() + ":" + emulator.endpoints().wssPort();
            // the JDK's client sends the port in Host, so that is what is signed
            SignedRequest upgrade = RequestSigner.of(credentials).region(emulator.config().region()).presign(
                    new SignedRequest("GET", "/mqtt", null, Map.of("Host", List.of(host), "Connection", List.of("Upgrade")), null),
                    SignedUpgrade.SIGNED_HEADERS, RequestSigner.Token.APPENDED_AFTER_SIGNING);
            String path = upgrade.rawPath() + "?" + upgrade.rawQuery();
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, SignedUpgrade.trustManagers(emulator), null);
            WebSocketTransport transport = new WebSocketTransport();
            transport.webSocket = HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder()
                    .subprotocols("mqtt")
                    .buildAsync(URI.create("wss://" + host + path), transport)
                    .get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return transport;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open a WebSocket to the WSS door: " + e, e);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            received.add(partial.toByteArray());
            partial.reset();
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        received.add(CLOSED);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        received.add(CLOSED);
    }

    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                while (position == current.length) {
                    if (current == CLOSED) {
                        return -1;
                    }
                    try {
                        byte[] next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        if (next == null) {
                            throw new SocketTimeoutException("nothing over the WebSocket within " + timeout);
                        }
                        current = next;
                        position = 0;
                        if (next == CLOSED) {
                            return -1;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                int count = Math.min(length, current.length - position);
                System.arraycopy(current, position, into, offset, count);
                position += count;
                return count;
            }
        };
    }

    OutputStream output() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                pending.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                try {
                    webSocket.sendBinary(ByteBuffer.wrap(pending.toByteArray()), true).get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    pending.reset();
                } catch (Exception e) {
                    throw new IOException("The WebSocket is closed: " + e, e);
                }
            }
        };
    }

    void close() {
        webSocket.abort();
    }
}
