package dev.iotlocal.benchmarks;

import java.io.File;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto as a reference broker: a child process with a mutual-TLS listener on a free loopback port, using the
 * bare baselines' certificates, stopped by {@link #close()}. Only where the {@code mosquitto} binary is installed
 * (Debian: {@code apt-get install mosquitto}).
 */
final class Mosquitto implements AutoCloseable {

    private final Process process;
    final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The installed binary: on the PATH, or where Debian puts it, which is often not on a user's PATH. */
    static Optional<Path> binary() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.add("/usr/sbin");
        directories.add("/usr/local/sbin");
        return directories.stream()
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "mosquitto"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static Mosquitto start(Path binary, BareTls.Material tls, Path directory) throws Exception {
        int port = BareHiveMq.freePort();
        Path ca = Files.writeString(directory.resolve("ca.pem"), tls.caPem());
        Path certificate = Files.writeString(directory.resolve("server.pem"), tls.serverCertificatePem());
        Path key = Files.writeString(directory.resolve("server.key"), tls.serverKeyPem());
        Path configuration = Files.writeString(directory.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + ca,
                "certfile " + certificate,
                "keyfile " + key,
                "require_certificate true",
                "allow_anonymous true",
                "persistence false",
                // started as root it would switch to the user 'mosquitto', who cannot read our temporary files
                "user " + System.getProperty("user.name"),
                "log_dest stderr",
                "log_type error",
                ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(binary.toString(), "-c", configuration.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("mosquitto.log").toFile())
                .start();
        Mosquitto mosquitto = new Mosquitto(process, port);
        try {
            mosquitto.awaitListening();
            return mosquitto;
        } catch (Exception e) {
            mosquitto.close();
            throw e;
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Mosquitto did not start listening on port " + port, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
