package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.Expectations;
import dev.iotlocal.emulator.internal.sigv4.Reason;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.sigv4.Verification;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import dev.iotlocal.emulator.internal.aws.AwsErrorResponse;
import dev.iotlocal.emulator.internal.aws.IotDataPlane;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT's MQTT-over-WebSocket door (its port 443): TLS with the emulator CA, the HTTP upgrade at
 * {@code /mqtt} verified with SigV4 against the credentials the emulator issued (only when told to, an upgrade
 * signed with credentials it did not issue is let in unverified), the MQTT sub-protocol echoed, then MQTT bytes
 * piped to the broker's loopback listener with a one-time ticket, which carries the connection's context, in place
 * of the password. Refusals are HTTP 403 as AWS IoT answers them, recorded in the journal, and open no MQTT session.
 * The door closes a connection when its time to live runs out; the context says when, so the broker needs no word
 * from the door.
 */
public final class WebSocketDoor implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.wss");
    /** Large enough that HiveMQ, not the WebSocket decoder, refuses oversized MQTT packets with AWS's reason. */
    static final int MAXIMUM_FRAME_BYTES = 16 * 1024 * 1024;

    /**
     * Everything the door needs to know.
     *
     * @param timeToLive               how long a connection may last (AWS IoT: 24 hours), or empty for no limit
     * @param maximumPacketBytes       AWS IoT's packet size limit, when that rule is on: a larger CONNECT is refused and
     *                                 recorded (without it the door reads a CONNECT up to its frame limit)
     * @param acceptForeignCredentials whether an upgrade signed with an access key the emulator did not issue is let
     *                                 in unverified; see {@code CognitoConfig.acceptForeignCredentials()}
     */
    public record Settings(InetAddress bindAddress, int port, int brokerPort, String region, String accountId,
                           Optional<Duration> timeToLive, OptionalInt maximumPacketBytes, boolean acceptForeignCredentials) {

        /** The largest CONNECT the door reads. */
        int maximumConnectBytes() {
            return maximumPacketBytes.orElse(MAXIMUM_FRAME_BYTES);
        }
    }

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final int port;

    private WebSocketDoor(EventLoopGroup acceptors, EventLoopGroup workers, Channel serverChannel) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** @param dataPlane the HTTPS data plane, which answers every request to its paths on this port */
    public static WebSocketDoor start(Settings settings, SslContext tls, SigV4Verifier verifier, CredentialRegistry credentials,
                                      DoorTickets tickets, InMemoryJournal journal, Clock clock, IotDataPlane dataPlane) {
        Handshake handshake = new Handshake(settings, verifier, credentials, tickets, journal, clock, dataPlane);
        EventLoopGroup acceptors = new NioEventLoopGroup(1, daemonThreads("iot-local-wss-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(0, daemonThreads("iot-local-wss"));
        try {
            Channel serverChannel = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast("tls", tls.newHandler(channel.alloc()))
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("aggregator", new RequestAggregator())
                                    .addLast("upgrade", new UpgradeHandler(handshake));
                        }
                    })
                    .bind(settings.bindAddress(), settings.port())
                    .syncUninterruptibly()
                    .channel();
            return new WebSocketDoor(acceptors, workers, serverChannel);
        } catch (RuntimeException e) {
            acceptors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("The WSS door could not listen on port " + settings.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** Closes the listening socket at once and every connection with it. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    /**
     * Reads a whole HTTP request: an upgrade, or a data-plane request with a payload of up to AWS IoT's 128 KiB (with room
     * for the data plane to answer a larger one itself, with its 413 and the rule that refused it). A request larger still
     * gets AWS IoT's 413 here and the connection is closed.
     */
    private static final class RequestAggregator extends HttpObjectAggregator {
        private static final int MAXIMUM_REQUEST_BYTES = 4 * IotDataPlane.MAXIMUM_PAYLOAD_BYTES;

        RequestAggregator() {
            super(MAXIMUM_REQUEST_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext context, HttpMessage oversized) {
            LOG.info("Refused a request of more than {} bytes from {}", MAXIMUM_REQUEST_BYTES, context.channel().remoteAddress());
            AwsErrorResponse error = AwsErrorResponse.restJson(413, "RequestEntityTooLargeException",
                    "The request is larger than AWS IoT accepts (a payload is at most " + IotDataPlane.MAXIMUM_PAYLOAD_BYTES + " bytes)");
            // kept open, the aggregator discards the rest of the body, so the client can read the answer and go on
            UpgradeHandler.write(context, error.status(), error.headers(), error.body(),
                    oversized instanceof FullHttpMessage || !HttpUtil.isKeepAlive(oversized));
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return new io.netty.util.concurrent.DefaultThreadFactory(name, true);
    }

    /** The checks of an upgrade request, shared by every connection. */
    static final class Handshake {
        final Settings settings;
        final SigV4Verifier verifier;
        final CredentialRegistry credentials;
        final DoorTickets tickets;
        final InMemoryJournal journal;
        final Clock clock;
        final Expectations expectations;
        final IotDataPlane dataPlane;

        Handshake(Settings settings, SigV4Verifier verifier, CredentialRegistry credentials, DoorTickets tickets, InMemoryJournal journal,
                  Clock clock, IotDataPlane dataPlane) {
            this.dataPlane = dataPlane;
            this.settings = settings;
            this.verifier = verifier;
            this.credentials = credentials;
            this.tickets = tickets;
            this.journal = journal;
            this.clock = clock;
            // the v2 SDKs sign for iotdevicegateway, the v1 SDK for iotdata; AWS IoT takes both
            this.expectations = Expectations.awsIot(settings.region());
        }

        /** The principal behind a verified upgrade request, or why there is none. */
        Outcome verify(SignedRequest request, String clientAddress) {
            // the verifier asks for the secret only once the claim passed every check that needs no secret, so the
            // key it asked for last is the one an UNKNOWN_ACCESS_KEY refusal is about
            AtomicReference<String> askedFor = new AtomicReference<>();
            CredentialLookup issuedSecrets = credentials.lookup();
            Verification verification = verifier.verifyQuery(request, expectations, accessKeyId -> {
                askedFor.set(accessKeyId);
                return issuedSecrets.find(accessKeyId);
            });
            if (verification instanceof Verification.Refused refused) {
                if (refused.reason() == Reason.UNKNOWN_ACCESS_KEY && settings.acceptForeignCredentials()) {
                    return foreign(askedFor.get(), clientAddress);
                }
                return new Outcome(null, refused.message());
            }
            String accessKeyId = ((Verification.Verified) verification).accessKeyId();
            Optional<CredentialRegistry.Issued> issued = credentials.issued(accessKeyId);
            if (issued.isEmpty()) {
                return new Outcome(null, "The security token included in the request is invalid.");
            }
            return new Outcome(issued.get().principal(settings.accountId(), settings.region(), clientAddress), null);
        }

        private Outcome foreign(String accessKeyId, String clientAddress) {
            LOG.info("WebSocket upgrade from {} accepted with foreign access key {}: its signature was not verified "
                    + "(acceptForeignCredentials is on)", clientAddress, accessKeyId);
            return new Outcome(CredentialRegistry.foreignPrincipal(accessKeyId, settings.accountId(), settings.region(), clientAddress), null);
        }

        /** The context of a connection whose upgrade was verified, made once here. */
        ConnectionContext contextFor(Principal principal, String clientAddress) {
            Instant now = clock.instant();
            return new ConnectionContext(principal, UUID.randomUUID().toString(), Door.WEBSOCKET, clientAddress, now,
                    settings.timeToLive().map(now::plus));
        }

        /** Records what the door refused: AWS IoT would have refused it too. */
        void violated(AwsIotRule rule, Optional<Principal> principal, String detail) {
            journal.record(new RuleViolation(rule, "", principal, detail, clock.instant()));
        }
    }

    /** A verified principal, or the reason for refusing. */
    record Outcome(Principal principal, String refusal) {}
}
