package dev.iotlocal.benchmarks;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bare embedded HiveMQ CE, the baseline: in-memory persistence, no extension (so HiveMQ's embedded default
 * lets everyone in), and the listeners asked for.
 */
final class BareHiveMq implements AutoCloseable {

    final EmbeddedHiveMQ hiveMq;
    private final Path directory;
    final int tcpPort;
    final int tlsPort;
    final int webSocketPort;
    final BareTls.Material tls;

    private BareHiveMq(EmbeddedHiveMQ hiveMq, Path directory, int tcpPort, int tlsPort, int webSocketPort, BareTls.Material tls) {
        this.hiveMq = hiveMq;
        this.directory = directory;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
        this.webSocketPort = webSocketPort;
        this.tls = tls;
    }

    /** Writes the configuration; returns a broker that {@link #start()} starts. */
    static BareHiveMq create(boolean mutualTls, boolean secureWebSocket) throws Exception {
        Path directory = Files.createTempDirectory("bare-hivemq-");
        Path configuration = Files.createDirectories(directory.resolve("conf"));
        BareTls.Material tls = mutualTls || secureWebSocket ? BareTls.create(configuration) : null;
        int tcpPort = freePort();
        int tlsPort = mutualTls ? freePort() : -1;
        int webSocketPort = secureWebSocket ? freePort() : -1;
        StringBuilder listeners = new StringBuilder("<tcp-listener><port>" + tcpPort + "</port><bind-address>127.0.0.1</bind-address></tcp-listener>");
        if (mutualTls) {
            listeners.append("<tls-tcp-listener><port>").append(tlsPort).append("</port><bind-address>127.0.0.1</bind-address>")
                    .append(tls.tlsElement(true)).append("</tls-tcp-listener>");
        }
        if (secureWebSocket) {
            listeners.append("<tls-websocket-listener><port>").append(webSocketPort).append("</port><bind-address>127.0.0.1</bind-address>")
                    .append("<path>/mqtt</path><subprotocols><subprotocol>mqtt</subprotocol></subprotocols>")
                    .append(tls.tlsElement(false)).append("</tls-websocket-listener>");
        }
        Files.writeString(configuration.resolve("config.xml"), "<hivemq><listeners>" + listeners + "</listeners>"
                + "<persistence><mode>in-memory</mode></persistence>"
                + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>");
        EmbeddedHiveMQ hiveMq = EmbeddedHiveMQ.builder().withConfigurationFolder(configuration)
                .withDataFolder(Files.createDirectories(directory.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(directory.resolve("extensions")))
                .withoutLoggingBootstrap().build();
        return new BareHiveMq(hiveMq, directory, tcpPort, tlsPort, webSocketPort, tls);
    }

    BareHiveMq start() {
        hiveMq.start().join();
        return this;
    }

    /** Stops and waits, as HiveMQ's embedded API does, then removes the configuration and data. */
    @Override
    public void close() throws Exception {
        hiveMq.stop().join();
        hiveMq.close();
        Benchmarks.delete(directory);
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
