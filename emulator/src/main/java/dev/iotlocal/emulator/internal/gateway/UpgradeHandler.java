package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.internal.aws.AwsErrorResponse;
import dev.iotlocal.emulator.internal.aws.IotDataPlane;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.util.ClientText;
import dev.iotlocal.emulator.rules.AwsIotRule;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Answers the one HTTP request of a WSS connection: verifies it, opens the pipe to the broker, then completes
 * the WebSocket upgrade and hands the connection to {@link WebSocketRelay}.
 */
final class UpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    private final WebSocketDoor.Handshake handshake;

    UpgradeHandler(WebSocketDoor.Handshake handshake) {
        this.handshake = handshake;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        Channel client = context.channel();
        String clientAddress = ((InetSocketAddress) client.remoteAddress()).getAddress().getHostAddress();
        String uri = request.uri();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        if (!rawPath.equals("/mqtt")) {
            if (IotDataPlane.serves(rawPath)) {
                answerDataPlane(context, request, clientAddress);
                return;
            }
            String message = "IoT Local does not emulate " + request.method() + " " + ClientText.printable(rawPath, 200)
                    + " on this port; it serves MQTT over WebSocket at /mqtt and AWS IoT's HTTPS data plane"
                    + " (/things/{thing}/shadow, /topics/{topic}, /retainedMessage)";
            WebSocketDoor.LOG.info("Answered 404 from {}: {}", clientAddress, message);
            respond(context, AwsErrorResponse.gateway(404, message));
            return;
        }
        if (request.method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            respond(context, AwsErrorResponse.gateway(400, "Expected a WebSocket upgrade"));
            return;
        }
        SignedRequest signed = new SignedRequest("GET", rawPath, question < 0 ? null : uri.substring(question + 1),
                headersAsReceived(request), new byte[0]);
        WebSocketDoor.Outcome outcome = handshake.verify(signed, clientAddress);
        if (outcome.principal() == null) {
            WebSocketDoor.LOG.info("WebSocket upgrade from {} refused: {}", clientAddress, outcome.refusal());
            handshake.violated(AwsIotRule.NOT_AUTHORIZED, Optional.empty(),
                    "WebSocket upgrade from " + clientAddress + " refused with HTTP 403: " + outcome.refusal());
            respond(context, AwsErrorResponse.forbidden(outcome.refusal()));
            return;
        }
        connectToBroker(context, request.retain(), handshake.contextFor(outcome.principal(), clientAddress));
    }

    /**
     * One data-plane request; the connection stays open for the next (the AWS SDKs keep connections), which is read
     * only once this one is answered, so answers keep the order of requests.
     */
    private void answerDataPlane(ChannelHandlerContext context, FullHttpRequest request, String clientAddress) {
        Channel client = context.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        client.config().setAutoRead(false);
        handshake.dataPlane.handle(request.method().name(), request.uri(), headersAsReceived(request), ByteBufUtil.getBytes(request.content()),
                clientAddress).whenComplete((answer, failure) -> {
                    IotDataPlane.Answer written = failure == null ? answer : IotDataPlane.Answer.of(AwsErrorResponse.restJson(500,
                            "InternalFailureException", "An internal error occurred in IoT Local"));
                    ChannelFuture sent = write(context, written.status(), written.headers(), written.body(), !keepAlive);
                    if (keepAlive) {
                        sent.addListener((ChannelFutureListener) done -> {
                            if (done.isSuccess()) {
                                client.config().setAutoRead(true);
                            } else {
                                client.close();
                            }
                        });
                    }
                });
    }

    private void connectToBroker(ChannelHandlerContext context, FullHttpRequest request, ConnectionContext connection) {
        Channel client = context.channel();
        client.config().setAutoRead(false);
        new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new BrokerRelay(client))
                .connect(InetAddress.getLoopbackAddress(), handshake.settings.brokerPort())
                .addListener((ChannelFutureListener) connected -> {
                    try {
                        if (!connected.isSuccess()) {
                            respond(context, AwsErrorResponse.gateway(503, "The broker is not available"));
                            return;
                        }
                        if (!client.isActive()) {
                            // the client left while the door connected to the broker: nothing left to relay
                            connected.channel().close();
                            return;
                        }
                        upgrade(context, request, connected.channel(), connection);
                    } finally {
                        request.release();
                    }
                });
    }

    private void upgrade(ChannelHandlerContext context, FullHttpRequest request, Channel broker, ConnectionContext connection) {
        Channel client = context.channel();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "wss://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + "/mqtt", SUBPROTOCOLS, false,
                WebSocketDoor.MAXIMUM_FRAME_BYTES).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(client);
            broker.close();
            return;
        }
        context.pipeline().replace(this, "relay", new WebSocketRelay(broker, connection, handshake));
        handshaker.handshake(client, request).addListener((ChannelFutureListener) upgraded -> {
            if (!upgraded.isSuccess()) {
                client.close();
                broker.close();
                return;
            }
            client.config().setAutoRead(true);
            connection.closesAt().ifPresent(deadline -> {
                // the broker reads the same deadline from the context and names the disconnect for it
                var expiry = client.eventLoop().schedule(() -> {
                    WebSocketDoor.LOG.info("WebSocket connection of {} reached its time to live", connection.principal().id());
                    client.close();
                }, Math.max(0, Duration.between(handshake.clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
                client.closeFuture().addListener(closed -> expiry.cancel(false));
            });
        });
    }

    /** Answers with an AWS-shaped error and closes the connection. */
    private static void respond(ChannelHandlerContext context, AwsErrorResponse error) {
        write(context, error.status(), error.headers(), error.body(), true);
    }

    /** Writes one HTTP answer; with {@code close}, says so and closes the connection once it is written. */
    static ChannelFuture write(ChannelHandlerContext context, int status, Map<String, String> headers, String body, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        headers.forEach(response.headers()::set);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        ChannelFuture written = context.writeAndFlush(response);
        return close ? written.addListener(ChannelFutureListener.CLOSE) : written;
    }

    private static Map<String, List<String>> headersAsReceived(FullHttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue());
        }
        return headers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
            context.close();
        }
        super.userEventTriggered(context, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        WebSocketDoor.LOG.debug("WSS connection failed before the upgrade: {}", cause.toString());
        context.close();
    }
}
