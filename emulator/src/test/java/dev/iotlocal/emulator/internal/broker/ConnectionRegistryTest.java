package dev.iotlocal.emulator.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.gateway.Admission;
import dev.iotlocal.emulator.internal.gateway.ConnectionContext;
import dev.iotlocal.emulator.internal.gateway.Door;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the broker remembers of a client id between its connections, and for how long. */
class ConnectionRegistryTest {

    private final MovableClock clock = new MovableClock();
    private final ConnectionRegistry registry = new ConnectionRegistry(clock);

    @Test
    void versionNumbersIncreaseAcrossTheConnectionsOfOneClientId() {
        assertThat(connectAndLeave("thermostat")).isZero();
        clock.advance(Duration.ofMinutes(30));
        assertThat(connectAndLeave("thermostat")).isOne();
        assertThat(connectAndLeave("other")).as("per client id").isZero();
    }

    @Test
    void aClientIdGoneForAnHourIsForgottenAndStartsAgainAtZero() {
        for (int i = 0; i < 1000; i++) {
            connectAndLeave("device-" + i);
        }
        assertThat(registry.rememberedClientIds()).isEqualTo(1000);

        clock.advance(ConnectionRegistry.FORGET_CLIENT_AFTER.plusMinutes(1));

        assertThat(connectAndLeave("device-7")).as("as AWS IoT resets it after about an hour").isZero();
        assertThat(registry.rememberedClientIds()).as("the other 999 are forgotten").isOne();
    }

    @Test
    void aClientIdThatIsStillConnectedIsNeverForgotten() {
        Connection open = connection("long-lived");
        registry.register(open);
        registry.accept(open);
        clock.advance(Duration.ofHours(5));
        connectAndLeave("trigger-the-sweep");
        assertThat(registry.rememberedClientIds()).isEqualTo(2);
        assertThat(connectAndLeave("long-lived")).as("its next connection continues the count").isOne();
    }

    @Test
    void aCertificatesConnectionsIncludeTheOnesNotYetAccepted() {
        Connection accepted = certificateConnection("meter-a", "c0ffee");
        Connection stillConnecting = certificateConnection("meter-b", "c0ffee");
        registry.register(accepted);
        registry.accept(accepted);
        accepted.markConnected();
        registry.register(stillConnecting);
        registry.register(certificateConnection("other", "beef"));

        // a certificate leaving ACTIVE mid-CONNECT must reach the connection the door has already let in
        assertThat(registry.ofCertificate("c0ffee")).containsExactlyInAnyOrder(accepted, stillConnecting);
    }

    private static Connection certificateConnection(String clientId, String certificateId) {
        Principal principal = new Principal(Principal.Kind.CERTIFICATE, certificateId, "000000000000", "us-east-1", Optional.empty(),
                Optional.empty(), "127.0.0.1");
        Admission admitted = new Admission.Admitted(new ConnectionContext(principal, "session", Door.MUTUAL_TLS, "127.0.0.1",
                Instant.parse("2026-12-01T12:00:00Z"), Optional.empty()), Optional.empty());
        return new Connection(ConnectionRegistry.newKey(), admitted, clientId, true, true, null, false, null);
    }

    private long connectAndLeave(String clientId) {
        Connection connection = connection(clientId);
        registry.register(connection);
        registry.accept(connection);
        registry.close(connection);
        return connection.versionNumber();
    }

    private static Connection connection(String clientId) {
        return new Connection(ConnectionRegistry.newKey(), new Admission.Refused("", "unused here"), clientId, true, true, null, false, null);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
