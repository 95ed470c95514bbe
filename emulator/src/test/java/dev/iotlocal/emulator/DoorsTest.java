package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotlocal.emulator.support.RawMqttClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which doors exist, where they listen, and what happens when a port is taken. */
class DoorsTest {

    @Test
    void byDefaultThereIsNoPlainTcpDoorAndNothingListensBeyondLoopback() throws IOException {
        try (IotEmulator emulator = IotEmulator.start()) {
            assertThat(emulator.endpoints().plainTcpPort()).isEmpty();
            assertThat(emulator.endpoints().host()).isEqualTo("localhost");

            Optional<InetAddress> external = nonLoopbackAddress();
            assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external.get(), emulator.endpoints().mtlsPort()), 2000);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainTcpDoorWhenEnabledAcceptsClientsWithAnUnauthenticatedDebugPrincipal() {
        try (IotEmulator emulator = IotEmulator.start(EmulatorConfig.builder().listeners(listeners -> listeners.plainTcpPort(0)).build());
             RawMqttClient client = RawMqttClient.openPlain(emulator, false)) {
            assertThat(client.connect("debugger", 60).connackCode()).isZero();
            assertThat(client.answersPing(java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(emulator.journal().lifecycleEvents()).singleElement()
                    .satisfies(event -> assertThat(event.json()).contains("\"principalIdentifier\":\"plain-tcp:127.0.0.1\""));
        }
    }

    @Test
    void fixedPortInUseIsReportedClearly() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmulatorConfig config = EmulatorConfig.builder().listeners(listeners -> listeners.mtlsPort(taken.getLocalPort())).build();
            assertThatThrownBy(() -> IotEmulator.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort()).hasMessageContaining("already in use");
        }
    }

    @Test
    void fixedPortIsUsedAndFreedOnClose() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (IotEmulator emulator = IotEmulator.start(EmulatorConfig.builder().listeners(listeners -> listeners.mtlsPort(port)).build())) {
            assertThat(emulator.endpoints().mtlsPort()).isEqualTo(port);
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("free right after close()").isEqualTo(port);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!networkInterface.isUp() || networkInterface.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
