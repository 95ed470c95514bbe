package dev.iotlocal.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Many idle MQTT 3.1.1 connections from one small client: TLS (and a WebSocket upgrade for WSS), CONNECT, then
 * nothing but PINGREQ at half the keep-alive. The AWS CRT clients hold native resources and threads per
 * connection, too heavy for ten thousand. Loopback only. Not thread-safe: one caller opens, counts and closes.
 */
final class IdleClients implements AutoCloseable {

    /** AWS IoT's smallest keep-alive; the client pings at half of it. */
    static final int KEEP_ALIVE_SECONDS = 30;
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};

    private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("idle-clients", true));
    private final ChannelGroup connected = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /** Where to connect: a loopback TLS port, plus the (signed) WebSocket URI for MQTT over WSS. */
    record Door(int port, SslContext tls, URI webSocket) {

        static Door mutualTls(int port, String caPem, String certificatePem, String keyPem) throws SSLException {
            return new Door(port, SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .keyManager(stream(certificatePem), stream(keyPem)).trustManager(stream(caPem)).build(), null);
        }

        static Door webSocket(URI uri, String caPem) throws SSLException {
            return new Door(uri.getPort(), SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(stream(caPem)).build(), uri);
        }

        private static ByteArrayInputStream stream(String pem) {
            return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** How an opening went: connections with CONNACK, those that failed, and the time from first connect to last CONNACK. */
    record Opened(int connected, int failed, double seconds, String firstFailure) {
        double connectsPerSecond() {
            return connected / seconds;
        }
    }

    /**
     * Opens connections with distinct client ids, at most {@code inFlight} between TCP connect and CONNACK at a
     * time, and returns once each has its CONNACK or failed, or the timeout has passed.
     */
    Opened open(Door door, String clientIdPrefix, int count, int inFlight, Duration timeout) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch settled = new CountDownLatch(count);
        AtomicInteger succeeded = new AtomicInteger();
        AtomicLong lastConnack = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                firstFailure.compareAndSet(null, "timed out after " + i + " attempts");
                for (int left = i; left < count; left++) {
                    settled.countDown();
                }
                break;
            }
            Attempt attempt = new Attempt() {
                @Override
                void succeeded(Channel channel) {
                    connected.add(channel);
                    succeeded.incrementAndGet();
                    lastConnack.set(System.nanoTime());
                    permits.release();
                    settled.countDown();
                }

                @Override
                void failed(String why) {
                    firstFailure.compareAndSet(null, why);
                    permits.release();
                    settled.countDown();
                }
            };
            bootstrap.clone().handler(new Initializer(door, clientIdPrefix + i, attempt))
                    .connect(InetAddress.getLoopbackAddress(), door.port())
                    .addListener((ChannelFutureListener) future -> {
                        if (!future.isSuccess()) {
                            attempt.fail("TCP connect: " + future.cause());
                        }
                    });
        }
        settled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        int ok = succeeded.get();
        return new Opened(ok, count - ok, (lastConnack.get() - started) / 1e9, firstFailure.get());
    }

    /** Connections that had their CONNACK and are still open. */
    int open() {
        return connected.size();
    }

    @Override
    public void close() {
        connected.close().awaitUninterruptibly(60, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** The outcome of one connection attempt; the first report counts. */
    private abstract static class Attempt {
        private final AtomicBoolean settled = new AtomicBoolean();

        final void succeed(Channel channel) {
            if (settled.compareAndSet(false, true)) {
                succeeded(channel);
            }
        }

        final void fail(String why) {
            if (settled.compareAndSet(false, true)) {
                failed(why);
            }
        }

        abstract void succeeded(Channel channel);

        abstract void failed(String why);
    }

    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final Door door;
        private final String clientId;
        private final Attempt attempt;

        Initializer(Door door, String clientId, Attempt attempt) {
            this.door = door;
            this.clientId = clientId;
            this.attempt = attempt;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            ChannelPipeline pipeline = channel.pipeline();
            // no peer host and port: the JDK would otherwise resume TLS sessions, which distinct devices do not
            pipeline.addLast(door.tls().newHandler(channel.alloc()));
            if (door.webSocket() != null) {
                pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), new WebSocketClientProtocolHandler(
                        WebSocketClientProtocolConfig.newBuilder().webSocketUri(door.webSocket()).subprotocol("mqtt").build()));
            }
            pipeline.addLast(new IdleStateHandler(0, KEEP_ALIVE_SECONDS / 2, 0, TimeUnit.SECONDS),
                    new MqttIdle(clientId, door.webSocket() != null, attempt));
        }
    }

    /** CONNECT once the transport is ready, CONNACK settles the attempt, then PINGREQ whenever nothing was written. */
    private static final class MqttIdle extends ChannelInboundHandlerAdapter {
        private final String clientId;
        private final boolean webSocket;
        private final Attempt attempt;

        MqttIdle(String clientId, boolean webSocket, Attempt attempt) {
            this.clientId = clientId;
            this.webSocket = webSocket;
            this.attempt = attempt;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            if (!webSocket) {
                // the TLS handler holds it until the handshake is done
                send(context, connect(clientId));
            }
            context.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                send(context, connect(clientId));
            } else if (event instanceof IdleStateEvent) {
                send(context, PINGREQ);
            } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
                attempt.fail("TLS handshake: " + handshake.cause());
            }
            context.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf bytes = message instanceof WebSocketFrame frame ? frame.content() : (ByteBuf) message;
            try {
                // CONNACK is 0x20 0x02 <session present> <return code>; anything after it is PINGRESP
                if (bytes.readableBytes() >= 4 && bytes.getByte(0) == 0x20 && bytes.getByte(3) == 0) {
                    attempt.succeed(context.channel());
                } else {
                    attempt.fail("no CONNACK: " + ByteBufUtil.hexDump(bytes));
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            attempt.fail("closed before CONNACK");
            context.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            attempt.fail(cause instanceof IOException ? cause.toString() : "error: " + cause);
            context.close();
        }

        private void send(ChannelHandlerContext context, byte[] packet) {
            ByteBuf buffer = Unpooled.wrappedBuffer(packet);
            context.writeAndFlush(webSocket ? new BinaryWebSocketFrame(buffer) : buffer);
        }

        /** MQTT 3.1.1 CONNECT with a clean session, the keep-alive and the client id, nothing else. */
        private static byte[] connect(String clientId) {
            byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
            int remaining = 10 + 2 + id.length;
            ByteBuf packet = Unpooled.buffer(2 + remaining);
            packet.writeByte(0x10).writeByte(remaining) // one length byte: client ids here are short
                    .writeShort(4).writeBytes("MQTT".getBytes(StandardCharsets.US_ASCII)).writeByte(4).writeByte(0x02)
                    .writeShort(KEEP_ALIVE_SECONDS).writeShort(id.length).writeBytes(id);
            return ByteBufUtil.getBytes(packet);
        }
    }
}
