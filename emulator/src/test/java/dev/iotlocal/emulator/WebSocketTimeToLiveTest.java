package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.WssDevice;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;

/** AWS IoT closes WebSocket connections after 24 hours; here the time to live is two seconds. */
@ExtendWith(CrtResources.class)
class WebSocketTimeToLiveTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().rules(rules -> rules.webSocketTimeToLive(Duration.ofSeconds(2))).build());

    @Test
    void connectionIsClosedWhenItsTimeToLiveRunsOut() {
        IotEmulator emulator = running.get();
        try (CredentialsProvider credentials = WssDevice.credentialsProvider(SeedFlow.run(emulator, "demo", "demo-password"));
             Mqtt5Device server = WssDevice.mqtt5(emulator, credentials, "long-lived")) {
            server.connect();

            Await.result(server.firstDisconnection());

            assertThat(running.awaitEvent("disconnected", "long-lived").json()).contains("\"disconnectReason\":\"WEBSOCKET_TTL_EXPIRATION\"");
        }
    }
}
