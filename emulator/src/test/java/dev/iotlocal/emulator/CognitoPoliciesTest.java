package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.WssDevice;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.MqttException;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket.PubAckReasonCode;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Policy;

/**
 * Cognito identities over the WSS door: an authenticated identity is held to the IoT policies attached to its identity
 * id AND the identity pool's authenticated-role policy, an unauthenticated one to the unauthenticated-role policy
 * alone. The configured users' identities hold the default policy, which a user's code may detach like any other.
 */
@ExtendWith(CrtResources.class)
class CognitoPoliciesTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .cognito(cognito -> cognito.addUser("carol", "carol-password").addUser("dave", "dave-password")
                    .addUser("erin", "erin-password").addUser("frank", "frank-password"))
            .policies(PolicyConfig.builder()
                    .unauthenticatedRolePolicy(Policies.document("""
                            {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}""", """
                            {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/public/*"}"""))
                    .authenticatedRolePolicy(Policies.document("""
                            {"Effect": "Allow", "Action": "iot:*", "Resource": "*"}""", """
                            {"Effect": "Deny", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/admin/*"}"""))
                    .build())
            .build());

    private final IotClient iot = running.iot();

    @Test
    void anIdentityWithoutAPolicyIsRefusedAtConnectThenAllowedOnceOneIsAttachedToItsIdentityId() {
        Login carol = logIn("carol", "carol-password");
        assertThat(iot.listAttachedPolicies(b -> b.target(carol.identityId())).policies()).extracting(Policy::policyName)
                .as("a configured user's identity holds the default policy").containsExactly(PolicyConfig.DEFAULT_POLICY_NAME);
        iot.detachPolicy(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME).target(carol.identityId()));

        try (CredentialsProvider credentials = WssDevice.credentialsProvider(carol.credentials())) {
            try (Mqtt5Device refused = WssDevice.mqtt5(running.get(), credentials, "carol-app")) {
                assertThatThrownBy(refused::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                        assertThat(refusal.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
            }
            assertThat(running.awaitEvent("connect_failed", "carol-app").json()).contains("\"connectFailureReason\":\"AUTHORIZATION_FAILED\"");
            PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Connect", "carol-app");
            assertThat(denial.principal().kind()).isEqualTo(Principal.Kind.COGNITO_AUTHENTICATED);
            assertThat(denial.principal().id()).isEqualTo(carol.identityId());
            assertThat(denial.allowedBy()).as("the authenticated role's policy allows it").containsExactly("authenticated-role");
            assertThat(denial.explanation()).contains("no IoT policy is attached to Cognito identity " + carol.identityId(),
                    "attach one with AttachPolicy (target " + carol.identityId() + ")");

            Policies.attach(iot, "carol-policy", Policies.ALLOW_MQTT, carol.identityId());

            try (Mqtt5Device allowed = WssDevice.mqtt5(running.get(), credentials, "carol-app")) {
                assertThat(allowed.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            }
        }
    }

    @Test
    void anIdentityWithoutAPolicyIsRefusedAtConnectOverMqtt311() {
        Login dave = logIn("dave", "dave-password");
        iot.detachPolicy(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME).target(dave.identityId()));

        try (CredentialsProvider credentials = WssDevice.credentialsProvider(dave.credentials());
             Mqtt311Device device = WssDevice.mqtt311(running.get(), credentials, "dave-app")) {
            assertThatThrownBy(device::connect).as("closed without a CONNACK")
                    .isInstanceOf(MqttException.class).hasMessage("The connection was closed unexpectedly.");
        }
        running.awaitEvent("connect_failed", "dave-app");
        assertThat(Policies.awaitDenial(running.get(), "iot:Connect", "dave-app").principal().id()).isEqualTo(dave.identityId());
    }

    @Test
    void theAuthenticatedRolesPolicyMustAllowWhatTheIdentitysPolicyAllows() {
        Login erin = logIn("erin", "erin-password");

        try (CredentialsProvider credentials = WssDevice.credentialsProvider(erin.credentials());
             Mqtt5Device device = WssDevice.mqtt5(running.get(), credentials, "erin-console")) {
            device.connect();

            assertThat(device.publish("admin/reset", "now", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Publish", "erin-console");
        assertThat(denial.decision()).isEqualTo(PolicyDenial.Decision.EXPLICIT_DENY);
        assertThat(denial.deniedBy()).containsExactly("authenticated-role");
        assertThat(denial.allowedBy()).containsExactly(PolicyConfig.DEFAULT_POLICY_NAME);
    }

    @Test
    void detachingTheIdentitysPolicyStopsItsDeliveriesAtOnce() {
        Login frank = logIn("frank", "frank-password");

        try (CredentialsProvider credentials = WssDevice.credentialsProvider(frank.credentials());
             Mqtt5Device dashboard = WssDevice.mqtt5(running.get(), credentials, "frank-dashboard");
             Mqtt5Device device = Policies.trusted(running.get(), "frank-boiler")) {
            dashboard.connect();
            dashboard.subscribe("boiler/#", QOS.AT_LEAST_ONCE);
            device.publish("boiler/temp", "60", QOS.AT_LEAST_ONCE);
            assertThat(dashboard.nextMessage().getTopic()).isEqualTo("boiler/temp");

            iot.detachPolicy(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME).target(frank.identityId()));
            device.publish("boiler/pressure", "2", QOS.AT_LEAST_ONCE);

            assertThat(Policies.awaitDenial(running.get(), "iot:Receive", "frank-dashboard").resourceName()).isEqualTo("topic/boiler/pressure");
            // attached again, the next message arrives first: the one sent while detached never will
            iot.attachPolicy(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME).target(frank.identityId()));
            device.publish("boiler/level", "3", QOS.AT_LEAST_ONCE);
            assertThat(dashboard.nextMessage().getTopic()).isEqualTo("boiler/level");
            assertThat(dashboard.connections()).as("never disconnected").hasSize(1);
        }
    }

    @Test
    void anUnauthenticatedIdentityIsHeldToTheUnauthenticatedRolesPolicyAlone() {
        Login guest = guest();
        // an IoT policy attached to the identity id does not count for an unauthenticated identity
        Policies.attach(iot, "guest-policy", Policies.ALLOW_MQTT, guest.identityId());

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "guest-watcher", "public/#");
             CredentialsProvider credentials = WssDevice.credentialsProvider(guest.credentials());
             Mqtt5Device visitor = WssDevice.mqtt5(running.get(), credentials, "visitor-5")) {
            visitor.connect();

            assertThat(visitor.publish("public/notice", "hello", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(visitor.publish("private/notes", "hello", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(watcher.nextMessage().getTopic()).isEqualTo("public/notice");
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Publish", "visitor-5");
        assertThat(denial.principal().kind()).isEqualTo(Principal.Kind.COGNITO_UNAUTHENTICATED);
        assertThat(denial.resourceName()).isEqualTo("topic/private/notes");
        assertThat(denial.notMatching()).containsExactly("unauthenticated-role");
        assertThat(denial.allowedBy()).as("the guest-policy attached to the identity id is not evaluated").isEmpty();
        assertThat(denial.explanation()).contains("the identity pool's unauthenticated role does not allow iot:Publish on topic/private/notes");
    }

    @Test
    void anUnauthenticatedIdentitysDeniedPublishClosesAnMqtt311Connection() {
        Login guest = guest();

        try (CredentialsProvider credentials = WssDevice.credentialsProvider(guest.credentials());
             Mqtt311Device visitor = WssDevice.mqtt311(running.get(), credentials, "visitor-311")) {
            visitor.connect();
            visitor.publish("public/notice", "hello", QualityOfService.AT_LEAST_ONCE);

            visitor.publishAsync("private/notes", "hello", QualityOfService.AT_LEAST_ONCE, false);

            Await.result(visitor.firstInterruption());
        }
        assertThat(running.awaitEvent("disconnected", "visitor-311").disconnectReason()).contains(DisconnectReason.AUTH_ERROR);
        assertThat(Policies.awaitDenial(running.get(), "iot:Publish", "visitor-311").resourceName()).isEqualTo("topic/private/notes");
    }

    /** A Cognito identity and the credentials it was given. */
    private record Login(String identityId, Credentials credentials) {}

    /** The seed flow for a user; the identity id as GetId with the same login returns it. */
    private static Login logIn(String username, String password) {
        IotEmulator emulator = running.get();
        String idToken = SeedFlow.idToken(SeedFlow.login(emulator, SeedFlow.unauthenticated(emulator),
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
        Map<String, String> logins = SeedFlow.logins(emulator, idToken);
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            String identityId = cognito.getId(b -> b.identityPoolId(emulator.config().identityPoolId()).logins(logins)).identityId();
            return new Login(identityId, SeedFlow.authenticated(emulator, logins));
        }
    }

    /** A new unauthenticated identity (GetId without a login) and its credentials. */
    private static Login guest() {
        try (CognitoIdentityClient cognito = SeedFlow.cognito(running.get())) {
            String identityId = cognito.getId(b -> b.identityPoolId(running.get().config().identityPoolId())).identityId();
            return new Login(identityId, cognito.getCredentialsForIdentity(b -> b.identityId(identityId)).credentials());
        }
    }
}
