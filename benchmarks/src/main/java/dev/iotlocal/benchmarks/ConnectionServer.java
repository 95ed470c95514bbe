package dev.iotlocal.benchmarks;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server side of the connection benchmark, in a JVM of its own so that its heap limit is real and its file
 * descriptors are its own: starts the emulator or bare HiveMQ, writes what clients need into a directory, then
 * answers {@code CPU} with its CPU time so far and {@code HEAP} with the heap used after full GCs, until it reads
 * {@code STOP}.
 *
 * <pre>READY &lt;mTLS port&gt; &lt;WSS port or -1&gt; &lt;heap bytes&gt; &lt;max file descriptors&gt;
 * CPU &lt;nanoseconds&gt;
 * HEAP &lt;heap bytes&gt;</pre>
 */
public final class ConnectionServer {

    private ConnectionServer() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        AutoCloseable broker;
        int mtlsPort;
        int wssPort = -1;
        if (args[0].equals("emulator")) {
            IotEmulator emulator = IotEmulator.start();
            DeviceCertificate device = emulator.certificates().issue("benchmark-idle");
            writeMaterial(directory, emulator.certificates().caCertificatePem(), device.certificatePem(), device.privateKeyPem().orElseThrow());
            CrtDoors.writeSeedProperties(emulator, directory);
            broker = emulator;
            mtlsPort = emulator.endpoints().mtlsPort();
            wssPort = emulator.endpoints().wssPort();
        } else {
            BareHiveMq bare = BareHiveMq.create(true, false).start();
            writeMaterial(directory, bare.tls.caPem(), bare.tls.clientCertificatePem(), bare.tls.clientKeyPem());
            broker = bare;
            mtlsPort = bare.tlsPort;
        }
        System.out.println("READY " + mtlsPort + " " + wssPort + " " + heapAfterGc() + " " + maxFileDescriptors());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null && !command.equals("STOP"); command = commands.readLine()) {
            if (command.equals("CPU")) {
                System.out.println("CPU " + cpuNanos());
            } else if (command.equals("HEAP")) {
                System.out.println("HEAP " + heapAfterGc());
            }
        }
        broker.close();
        System.exit(0);
    }

    private static void writeMaterial(Path directory, String caPem, String certificatePem, String keyPem) throws Exception {
        Files.writeString(directory.resolve("ca.pem"), caPem);
        Files.writeString(directory.resolve("device.pem"), certificatePem);
        Files.writeString(directory.resolve("device.key"), keyPem);
    }

    /** Heap in use after full collections, so that only what is reachable counts. */
    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** CPU time of the whole process, every thread, so far. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The process's file descriptor limit, where the JVM tells it; -1 elsewhere. */
    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }
}
