package dev.iotlocal.emulator.internal.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Broker side of a WSS connection: MQTT bytes from the broker go to the client as binary WebSocket frames, only as
 * fast as the client takes them (see {@link Backpressure}).
 */
final class BrokerRelay extends ChannelInboundHandlerAdapter {

    private final Channel client;

    BrokerRelay(Channel client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(message);
            return;
        }
        // flushed once per read batch (channelReadComplete): one TLS record and one write for many MQTT packets
        Backpressure.write(client, new BinaryWebSocketFrame(bytes), context.channel());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        client.flush();
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        Backpressure.writabilityChanged(context.channel(), client);
        context.fireChannelWritabilityChanged();
    }

    /** The broker closed the connection (a rule, a takeover, shutdown): so does the door, as AWS IoT closes the socket. */
    @Override
    public void channelInactive(ChannelHandlerContext context) {
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
