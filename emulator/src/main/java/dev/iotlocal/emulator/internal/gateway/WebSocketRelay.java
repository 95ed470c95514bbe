package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.internal.rules.PacketSizeLimit;
import dev.iotlocal.emulator.rules.AwsIotRule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Client side of an upgraded WSS connection: unwraps binary frames into the MQTT byte stream for the broker,
 * rewriting the first packet (CONNECT) to carry the door's ticket, and answers WebSocket control frames. The bytes
 * go to the broker only as fast as it takes them: the client is not read while the broker's socket is full (see
 * {@link Backpressure}).
 */
final class WebSocketRelay extends ChannelInboundHandlerAdapter {

    /** An MQTT DISCONNECT (normal, no Will): what a WebSocket Close means to AWS IoT. */
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    private final Channel broker;
    private final ConnectionContext connection;
    private final WebSocketDoor.Handshake handshake;
    private CompositeByteBuf beforeConnect;
    private boolean connectForwarded;

    WebSocketRelay(Channel broker, ConnectionContext connection, WebSocketDoor.Handshake handshake) {
        this.broker = broker;
        this.connection = connection;
        this.handshake = handshake;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            if (message instanceof BinaryWebSocketFrame || message instanceof ContinuationWebSocketFrame) {
                mqttBytes(context, ((WebSocketFrame) message).content().retain());
            } else if (message instanceof PingWebSocketFrame ping) {
                context.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (message instanceof CloseWebSocketFrame close) {
                // the client closed the WebSocket: AWS IoT reports CLIENT_INITIATED_DISCONNECT and sends no Will
                if (connectForwarded) {
                    broker.writeAndFlush(Unpooled.wrappedBuffer(DISCONNECT)).addListener(ChannelFutureListener.CLOSE);
                } else {
                    broker.close();
                }
                context.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), close.reasonText())).addListener(ChannelFutureListener.CLOSE);
            } else if (!(message instanceof PongWebSocketFrame)) {
                context.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE)).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void mqttBytes(ChannelHandlerContext context, ByteBuf bytes) {
        if (connectForwarded) {
            // flushed once per read batch (channelReadComplete), not once per WebSocket frame
            Backpressure.write(broker, bytes, context.channel());
            return;
        }
        if (beforeConnect == null) {
            beforeConnect = context.alloc().compositeBuffer();
        }
        beforeConnect.addComponent(true, bytes);
        try {
            int length = MqttConnectRewriter.completePacketLength(beforeConnect, handshake.settings.maximumConnectBytes());
            if (length < 0) {
                return;
            }
            ByteBuf connect = beforeConnect.readRetainedSlice(length);
            ByteBuf rewritten;
            try {
                rewritten = MqttConnectRewriter.rewrite(connect, context.alloc(),
                        (username, password) -> handshake.tickets.issue(connection, username, password));
            } finally {
                connect.release();
            }
            connectForwarded = true;
            broker.write(rewritten);
            if (beforeConnect.isReadable()) {
                Backpressure.write(broker, beforeConnect.retain(), context.channel());
            }
            broker.flush();
            beforeConnect.release();
            beforeConnect = null;
        } catch (MqttConnectRewriter.ConnectTooLarge tooLarge) {
            WebSocketDoor.LOG.info("WSS connection of {} closed: {}", connection.principal().id(), tooLarge.getMessage());
            if (handshake.settings.maximumPacketBytes().isPresent()) {
                handshake.violated(AwsIotRule.PACKET_TOO_LARGE, Optional.of(connection.principal()),
                        PacketSizeLimit.tooLarge(tooLarge.getMessage(), "").detail());
            }
            context.close();
        } catch (MqttConnectRewriter.MalformedConnect malformed) {
            WebSocketDoor.LOG.info("WSS connection of {} closed: {}", connection.principal().id(), malformed.getMessage());
            context.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        broker.flush();
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        Backpressure.writabilityChanged(context.channel(), broker);
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (beforeConnect != null) {
            beforeConnect.release();
            beforeConnect = null;
        }
        broker.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        WebSocketDoor.LOG.debug("WSS connection of {} failed: {}", connection.principal().id(), cause.toString());
        context.close();
    }
}
