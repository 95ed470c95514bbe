package dev.iotlocal.emulator.internal.broker;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one throw-away server TLS context like HiveMQ's while HiveMQ is still booting on the other core.
 * The first TLS context in a JVM costs about half a second of class loading and cipher-suite enumeration;
 * done here in parallel, HiveMQ's own listener start finds it all loaded.
 */
final class TlsWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(TlsWarmUp.class);

    private TlsWarmUp() {}

    static void warm(EmbeddedBroker.TlsIdentity identity) {
        try {
            SslContext context = SslContextBuilder.forServer(identity.server().privateKey(), identity.server().certificate(),
                            identity.caCertificate())
                    .sslProvider(SslProvider.JDK)
                    .trustManager(identity.caCertificate())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
            SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
            engine.getSupportedCipherSuites();
            ReferenceCountUtil.release(engine);
        } catch (Exception | LinkageError e) {
            LOG.debug("TLS warm-up skipped: {}", e.toString());
        }
    }
}
