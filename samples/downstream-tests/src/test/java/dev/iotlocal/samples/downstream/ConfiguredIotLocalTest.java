package dev.iotlocal.samples.downstream;

import static org.assertj.core.api.Assertions.assertThat;

// tag::extension-builder-imports[]
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.testkit.IotLocalExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
// end::extension-builder-imports[]

import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.Recording;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/** The test kit configured with a builder instead of the annotation, as the README shows it. */
class ConfiguredIotLocalTest {

    // tag::extension-builder[]
    @RegisterExtension
    static final IotLocalExtension iot = IotLocalExtension.builder()
            .retainedMessages(RetainedMessages.AWS)      // today's AWS retained messages
            .user("alice", "secret")                     // a user the auth Lambda logs in
            .credentialLifetime(Duration.ofSeconds(5))   // Cognito credentials that expire during the test
            .build();
    // end::extension-builder[]

    @Test
    void aLaterSubscriberGetsTheRetainedStatus(@Device("boiler") MqttClientConnection boiler,
                                               @CognitoUser("alice") MqttClientConnection server, Recording recording) {
        boiler.publish(new MqttMessage("thing-status/boiler", "{\"on\":true}".getBytes(StandardCharsets.UTF_8),
                QualityOfService.AT_LEAST_ONCE, true)).join();
        recording.published("thing-status/boiler").retained(true).await();

        server.subscribe("thing-status/boiler", QualityOfService.AT_LEAST_ONCE).join();

        recording.delivered("thing-status/boiler").toClient("alice-server").retained(true).withJsonField("/on", true).await();
    }

    @Test
    void cognitoCredentialsLiveAsLongAsConfigured(CognitoIdentityClient cognito, IotLocalRuntime runtime) {
        String identityId = cognito.getId(request -> request.identityPoolId(runtime.identityPoolId())).identityId();

        Credentials credentials = cognito.getCredentialsForIdentity(request -> request.identityId(identityId)).credentials();

        assertThat(credentials.expiration()).isBetween(Instant.now().minusSeconds(1), Instant.now().plusSeconds(6));
    }
}
