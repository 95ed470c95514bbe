package dev.iotlocal.benchmarks;

import dev.iotlocal.client.CognitoCredentials;
import dev.iotlocal.client.IotClientConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.signing.AwsSigner;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig;
import software.amazon.awssdk.crt.http.HttpHeader;
import software.amazon.awssdk.crt.http.HttpRequest;

/**
 * Concurrent idle connections, connect rate and heap per connection. The broker runs in a child JVM with
 * {@code -Xmx1g} (see {@link ConnectionServer}); this JVM holds the clients ({@link IdleClients}), all on
 * loopback and on the same cores. Each door gets a fresh broker: the emulator's mutual-TLS door, its WSS door
 * (one SigV4-presigned URL for every connection, within its five minutes), and bare HiveMQ's mutual-TLS listener.
 */
final class ConnectionsBenchmark {

    private static final int IN_FLIGHT = 100;
    /** Connections opened and closed before measuring, so that neither JVM is measured cold. */
    private static final int WARM_UP = 1_000;
    private static final String HEAP_LIMIT = "-Xmx1g";
    private static final double MIB = 1024 * 1024;
    /** Descriptors the broker's JVM needs besides connections: jars, listeners, selectors. */
    private static final int RESERVED_DESCRIPTORS = 1_000;
    /** A WSS connection holds three descriptors in the emulator: the client's socket, and both ends of the pipe to the broker. */
    private static final int DESCRIPTORS_PER_WSS_CONNECTION = 3;

    private ConnectionsBenchmark() {}

    /** What one broker held at the end of the hold, and what opening the connections cost. */
    private record Held(int attempted, IdleClients.Opened opened, int stillOpen, long heapAfterStart, long heapBefore, long heapHeld,
                        long descriptorLimit, long brokerCpuNanos, long clientCpuNanos) {
        double heapPerThousandMiB() {
            return (heapHeld - heapBefore) / MIB / opened.connected() * 1_000;
        }

        double brokerCpuPerConnectMillis() {
            return brokerCpuNanos / 1e6 / opened.connected();
        }

        double clientCpuPerConnectMillis() {
            return clientCpuNanos / 1e6 / opened.connected();
        }

        /** The connect rate the broker's own CPU time allows when it has every core to itself. */
        double brokerBoundRate() {
            return Runtime.getRuntime().availableProcessors() * 1_000 / brokerCpuPerConnectMillis();
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d of %,d held, heap %.0f MiB of 1024", stillOpen, attempted, heapHeld / MIB)
                    + (opened.firstFailure() == null ? "" : "; first failure: " + opened.firstFailure());
        }
    }

    static void run(int connections, Duration holdFor) throws Exception {
        Held emulatorMtls = hold("emulator", false, connections, holdFor);
        Held emulatorWss = hold("emulator", true, connections, holdFor);
        Held bareMtls = hold("bare", false, connections, holdFor);

        Table.Target held = Table.Target.atLeast(connections, "10,000 on 2 cores, heap ≤ 1 GiB");
        // compared with AWS's 500 as the baseline, so the target is a ratio of at least 1
        Table.Target rate = Table.Target.ratioAtLeast(1).withText("≥ 500/s");
        String aws = "AWS IoT's limit";
        String bare = "bare HiveMQ";
        Table table = new Table("Concurrent idle connections, connect rate, heap (" + String.format(Locale.ROOT, "%,d", connections)
                + " per door, at most " + IN_FLIGHT + " connecting at once)");
        table.described("Idle connections held, mTLS door (broker " + HEAP_LIMIT + ")", "—", emulatorMtls.describe(), held,
                emulatorMtls.stillOpen() >= Math.max(connections, 10_000));
        table.described("Idle connections held, WSS door (broker " + HEAP_LIMIT + ")", "—", emulatorWss.describe()
                + (emulatorWss.attempted() < connections ? "; capped by the broker JVM's file descriptor limit of "
                + emulatorWss.descriptorLimit() + ", " + DESCRIPTORS_PER_WSS_CONNECTION + " per WSS connection" : ""), held,
                emulatorWss.stillOpen() >= Math.max(connections, 10_000));
        table.compare("Connect rate, mTLS door", aws, 500, emulatorMtls.opened().connectsPerSecond(), "connects/s", rate);
        table.compare("Connect rate, WSS door (SigV4 upgrade)", aws, 500, emulatorWss.opened().connectsPerSecond(), "connects/s", rate);
        table.compare("Connect rate, mTLS", "HiveMQ TLS listener", bareMtls.opened().connectsPerSecond(),
                emulatorMtls.opened().connectsPerSecond(), "connects/s", Table.Target.REPORTED);
        table.compare("Broker CPU per connect, mTLS", bare, bareMtls.brokerCpuPerConnectMillis(), emulatorMtls.brokerCpuPerConnectMillis(),
                "ms", Table.Target.REPORTED);
        table.single("Broker CPU per connect, WSS", emulatorWss.brokerCpuPerConnectMillis(), "ms", Table.Target.REPORTED);
        table.compare("Load generator CPU per connect, mTLS", "towards " + bare, bareMtls.clientCpuPerConnectMillis(),
                emulatorMtls.clientCpuPerConnectMillis(), "ms", Table.Target.REPORTED);
        table.compare("Connect rate the broker's CPU allows, mTLS (cores ÷ broker CPU per connect)", bare, bareMtls.brokerBoundRate(),
                emulatorMtls.brokerBoundRate(), "connects/s", Table.Target.REPORTED);
        table.single("Connect rate the broker's CPU allows, WSS", emulatorWss.brokerBoundRate(), "connects/s", Table.Target.REPORTED);
        table.compare("Heap after start (after GC)", bare, bareMtls.heapAfterStart() / MIB, emulatorMtls.heapAfterStart() / MIB, "MiB",
                Table.Target.REPORTED);
        table.compare("Heap per 1,000 mTLS connections", bare, bareMtls.heapPerThousandMiB(), emulatorMtls.heapPerThousandMiB(), "MiB",
                Table.Target.REPORTED);
        table.single("Heap per 1,000 WSS connections", emulatorWss.heapPerThousandMiB(), "MiB", Table.Target.REPORTED);
        table.print("Broker: a fresh JVM with " + HEAP_LIMIT + " per door. Clients (this JVM, same cores): TLS with the JDK's provider (plus a"
                + " WebSocket upgrade for WSS), MQTT 3.1.1 CONNECT with keep-alive " + IdleClients.KEEP_ALIVE_SECONDS + " s, then only"
                + " PINGREQ; one device certificate, distinct client ids; held " + holdFor.toSeconds() + " s after the last CONNACK; " + WARM_UP + " connections opened and closed first to warm both"
                + " JVMs. Connect rate: first TCP connect to last CONNACK, TLS handshake included. CPU: process CPU time while"
                + " connecting, per connection. Heap: used after full GCs in the broker's JVM. Bare HiveMQ: its tls-tcp-listener"
                + " requiring a client certificate.");
    }

    private static Held hold(String broker, boolean webSocket, int connections, Duration holdFor) throws Exception {
        Path directory = Files.createTempDirectory("connections-benchmark-");
        List<String> options = new ArrayList<>(List.of(HEAP_LIMIT));
        options.addAll(Benchmarks.profiling("connections-" + broker + (webSocket ? "-wss" : "-mtls")));
        Process server = new ProcessBuilder(Benchmarks.javaCommand(options, ConnectionServer.class, broker, directory.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader replies = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter commands = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            String[] ready = reply(replies, "READY");
            long descriptorLimit = Long.parseLong(ready[4]);
            int count = connections;
            IdleClients.Door door;
            if (webSocket) {
                // the OS limit stays as it is; beyond it the broker's accepts would fail, which measures nothing
                if (descriptorLimit > 0) {
                    count = (int) Math.min(connections, (descriptorLimit - RESERVED_DESCRIPTORS) / DESCRIPTORS_PER_WSS_CONNECTION);
                }
                door = IdleClients.Door.webSocket(presignedUri(directory, Integer.parseInt(ready[2])), Files.readString(directory.resolve("ca.pem")));
            } else {
                door = IdleClients.Door.mutualTls(Integer.parseInt(ready[1]), Files.readString(directory.resolve("ca.pem")),
                        Files.readString(directory.resolve("device.pem")), Files.readString(directory.resolve("device.key")));
            }
            try (IdleClients warmUp = new IdleClients()) {
                warmUp.open(door, "warm-up-", Math.min(WARM_UP, count), IN_FLIGHT, Duration.ofSeconds(60));
            }
            try (IdleClients clients = new IdleClients()) {
                long heapBefore = Long.parseLong(ask(commands, replies, "HEAP")[1]);
                long brokerCpu = -Long.parseLong(ask(commands, replies, "CPU")[1]);
                long clientCpu = -ConnectionServer.cpuNanos();
                IdleClients.Opened opened = clients.open(door, "idle-", count, IN_FLIGHT, Duration.ofSeconds(30 + count / 50));
                clientCpu += ConnectionServer.cpuNanos();
                brokerCpu += Long.parseLong(ask(commands, replies, "CPU")[1]);
                long heapHeld = Long.parseLong(ask(commands, replies, "HEAP")[1]);
                Thread.sleep(holdFor.toMillis());
                return new Held(count, opened, clients.open(), Long.parseLong(ready[3]), heapBefore, heapHeld, descriptorLimit, brokerCpu,
                        clientCpu);
            }
        } finally {
            commands.println("STOP");
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            Benchmarks.delete(directory);
        }
    }

    private static String[] ask(PrintWriter commands, BufferedReader replies, String command) throws Exception {
        commands.println(command);
        return reply(replies, command);
    }

    private static String[] reply(BufferedReader replies, String kind) throws Exception {
        for (String line = replies.readLine(); line != null; line = replies.readLine()) {
            if (line.startsWith(kind + " ")) {
                return line.split(" ");
            }
        }
        throw new IllegalStateException("The broker's JVM ended without answering " + kind);
    }

    /**
     * A WebSocket URL presigned as the AWS IoT Device SDK signs it (SigV4 in the query, {@code iotdevicegateway},
     * the session token added after signing), with Cognito credentials from the client library. Only the Host
     * header is signed, as older aws-c-auth did, since that is the one header the Netty client sends verbatim.
     */
    private static URI presignedUri(Path directory, int port) {
        IotClientConfig config = IotClientConfig.load(directory.resolve("application.properties"));
        AwsSessionCredentials credentials;
        try (CognitoCredentials cognito = CognitoCredentials.create(config)) {
            credentials = cognito.resolveCredentials();
        }
        String host = config.endpoint() + ":" + port;
        HttpRequest request = new HttpRequest("GET", "/mqtt", new HttpHeader[] {new HttpHeader("Host", host)}, null);
        try (AwsSigningConfig signing = new AwsSigningConfig()) {
            signing.setAlgorithm(AwsSigningConfig.AwsSigningAlgorithm.SIGV4);
            signing.setSignatureType(AwsSigningConfig.AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS);
            signing.setRegion(config.region());
            signing.setService("iotdevicegateway");
            signing.setTime(System.currentTimeMillis());
            signing.setCredentials(new Credentials(bytes(credentials.accessKeyId()), bytes(credentials.secretAccessKey()),
                    bytes(credentials.sessionToken())));
            signing.setOmitSessionToken(true);
            return URI.create("wss://" + host + AwsSigner.signRequest(request, signing).join().getEncodedPath());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
