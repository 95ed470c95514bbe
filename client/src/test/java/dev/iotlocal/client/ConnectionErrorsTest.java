package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.client.IotClientException.Step;
import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.FreePort;
import dev.iotlocal.client.support.Mqtt311Events;
import dev.iotlocal.client.support.Mqtt5Events;
import dev.iotlocal.client.support.RunningEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;

/**
 * Every way the MQTT step of the flow fails, as the exception a person can act on: for the 3.1.1 connection
 * through {@link CognitoIotConnector#connect}, for MQTT 5 through {@link CognitoIotConnector#explain(int)}.
 */
@ExtendWith(CrtResources.class)
class ConnectionErrorsTest {


    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    @Test
    void withoutTheEmulatorsCaTheHandshakeFailsWithAHintAboutTheCa() {
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("no-ca").caCertificate(null).build());
             MqttClientConnection connection = connector.newMqtt311Connection(new Mqtt311Events())) {
            // s2n delays closing a connection whose handshake failed by 10 to 30 seconds (its "blinding")
            assertThatThrownBy(() -> Await.result(connector.connect(connection), Await.S2N_BLINDING))
                    .isInstanceOfSatisfying(TlsTrustException.class, e -> {
                        assertThat(e.step()).isEqualTo(Step.MQTT_CONNECTION);
                        assertThat(e).hasMessageContaining("localhost:" + running.get().endpoints().wssPort())
                                .hasMessageContaining("AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE")
                                .hasMessageContaining("aws-iot.override.ca-certificate (AWS_IOT_OVERRIDE_CA_CERTIFICATE)");
                    });
        }
    }

    @Test
    void mqtt5WithoutTheEmulatorsCaIsExplainedAsATlsTrustFailure() {
        Mqtt5Events events = new Mqtt5Events();
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("no-ca-5").caCertificate(null).build());
             Mqtt5Client client = connector.newMqtt5Client(events::register)) {
            client.start();
            int errorCode = events.awaitFirstFailure(Await.S2N_BLINDING);
            // the client retries, and stopping waits for that attempt's handshake to fail too
            events.stop(client, Await.S2N_BLINDING);

            assertThat(CRT.awsErrorName(errorCode)).isEqualTo("AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE");
            assertThat(connector.explain(errorCode)).isInstanceOf(TlsTrustException.class);
        }
    }

    @Test
    void credentialsTheServerNoLongerHonoursAreForbiddenAtTheUpgrade() {
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("revoked").build());
             MqttClientConnection connection = connector.newMqtt311Connection(new Mqtt311Events())) {
            connector.credentials().resolveCredentials();
            running.get().expireIssuedCredentials();

            assertThatThrownBy(() -> Await.result(connector.connect(connection)))
                    .isInstanceOfSatisfying(UpgradeForbiddenException.class, e -> assertThat(e)
                            .hasMessageContaining("AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE")
                            .hasMessageContaining("403")
                            .hasMessageContaining("clock")
                            .hasMessageContaining("aws-iot.region (AWS_IOT_REGION)"));
        }
    }

    @Test
    void mqtt5WithRevokedCredentialsIsExplainedAsAForbiddenUpgrade() {
        Mqtt5Events events = new Mqtt5Events();
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("revoked-5").build());
             Mqtt5Client client = connector.newMqtt5Client(events::register)) {
            connector.credentials().resolveCredentials();
            running.get().expireIssuedCredentials();
            client.start();
            int errorCode = events.awaitFirstFailure(Await.TIMEOUT);
            events.stop(client);

            assertThat(CRT.awsErrorName(errorCode)).isEqualTo("AWS_ERROR_HTTP_WEBSOCKET_UPGRADE_FAILURE");
            assertThat(connector.explain(errorCode)).isInstanceOf(UpgradeForbiddenException.class);
        }
    }

    @Test
    void nothingListeningOnThePortIsAnUnreachableEndpoint() {
        int port = FreePort.closed();
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("nowhere").port(port).build());
             MqttClientConnection connection = connector.newMqtt311Connection(new Mqtt311Events())) {
            assertThatThrownBy(() -> Await.result(connector.connect(connection)))
                    .isInstanceOfSatisfying(EndpointUnreachableException.class, e -> {
                        assertThat(e.step()).isEqualTo(Step.MQTT_CONNECTION);
                        assertThat(e).hasMessageContaining("localhost:" + port).hasMessageContaining("AWS_IO_SOCKET_CONNECTION_REFUSED");
                    });
        }
    }

    @Test
    void wrongPasswordFailsTheConnectWithTheFunctionsMessage() {
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("intruder", "demo", "guess").build());
             MqttClientConnection connection = connector.newMqtt311Connection(new Mqtt311Events())) {
            assertThatThrownBy(() -> Await.result(connector.connect(connection)))
                    .isInstanceOfSatisfying(AuthFunctionFailedException.class, e ->
                            assertThat(e.errorMessage()).isEqualTo("Incorrect username or password."));
        }
    }

    @Test
    void mqtt5WithAWrongPasswordIsExplainedByTheLoginsFailure() {
        Mqtt5Events events = new Mqtt5Events();
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("intruder-5", "demo", "guess").build());
             Mqtt5Client client = connector.newMqtt5Client(events::register)) {
            client.start();
            int errorCode = events.awaitFirstFailure(Await.TIMEOUT);
            events.stop(client);

            // the handshake only learns that the credentials provider failed
            assertThat(CRT.awsErrorName(errorCode)).isEqualTo("AWS_ERROR_HTTP_CALLBACK_FAILURE");
            assertThat(connector.explain(errorCode)).isInstanceOfSatisfying(AuthFunctionFailedException.class, e ->
                    assertThat(e.errorType()).isEqualTo("NotAuthorizedException"));
        }
    }

}
