package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket.SubAckReasonCode;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * {@code iot:Receive}, asked for every delivery: a message the subscriber may not receive is silently not sent, the
 * subscription and the connection stay; a policy change applies to the next delivery. Each subscriber's messages come
 * from one publisher, in order, so a later message arriving first shows an earlier one was withheld.
 */
@ExtendWith(CrtResources.class)
class ReceivePolicyTest {

    private static final String HIDING_SECRETS = Policies.document("""
            {"Effect": "Allow", "Action": ["iot:Connect", "iot:Subscribe"], "Resource": "*"}""", """
            {"Effect": "Allow", "Action": "iot:Receive", "NotResource": "arn:aws:iot:us-east-1:000000000000:topic/a/secret/*"}""");

    private static final String RECEIVING_ALERTS_ONLY = Policies.document("""
            {"Effect": "Allow", "Action": ["iot:Connect", "iot:Subscribe"], "Resource": "*"}""", """
            {"Effect": "Allow", "Action": "iot:Receive", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/alerts/*"}""");

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    private final IotClient iot = running.iot();

    @Test
    void aReceiveStatementWithNotResourceHidesASubtreeFromAnMqtt5SubscriberOfItsParent() {
        Policies.Created certificate = Policies.certificateWith(iot, "hiding-secrets-5", HIDING_SECRETS);

        try (Mqtt5Device subscriber = Mqtt5Device.of(running.get(), certificate.device("reader-5"), "reader-5");
             Mqtt5Device publisher = Policies.trusted(running.get(), "writer-5")) {
            subscriber.connect();
            assertThat(subscriber.subscribe("a/#", QOS.AT_LEAST_ONCE).getReasonCodes()).containsExactly(SubAckReasonCode.GRANTED_QOS_1);

            publisher.publish("a/secret/plan", "hidden", QOS.AT_LEAST_ONCE);
            publisher.publish("a/open/news", "shown", QOS.AT_LEAST_ONCE);

            assertThat(subscriber.nextMessage().getTopic()).isEqualTo("a/open/news");
            assertThat(subscriber.firstDisconnection()).isNotDone();
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Receive", "reader-5");
        assertThat(denial.resource()).isEqualTo("arn:aws:iot:us-east-1:000000000000:topic/a/secret/plan");
        assertThat(denial.decision()).isEqualTo(PolicyDenial.Decision.IMPLICIT_DENY);
        assertThat(denial.explanation()).contains("everything but topic/a/secret/*");
    }

    @Test
    void aReceiveStatementWithNotResourceHidesASubtreeFromAnMqtt311SubscriberWhichStaysConnected() {
        Policies.Created certificate = Policies.certificateWith(iot, "hiding-secrets-311", HIDING_SECRETS);

        try (Mqtt311Device subscriber = Mqtt311Device.of(running.get(), certificate.device("reader-311"), "reader-311");
             Mqtt5Device publisher = Policies.trusted(running.get(), "writer-311")) {
            subscriber.connect();
            subscriber.subscribe("a/#", QualityOfService.AT_LEAST_ONCE);

            publisher.publish("a/secret/plan", "hidden", QOS.AT_LEAST_ONCE);
            publisher.publish("a/open/news", "shown", QOS.AT_LEAST_ONCE);

            assertThat(subscriber.nextMessage().getTopic()).isEqualTo("a/open/news");
            assertThat(subscriber.firstInterruption()).isNotDone();
        }
        assertThat(Policies.awaitDenial(running.get(), "iot:Receive", "reader-311").resourceName()).isEqualTo("topic/a/secret/plan");
    }

    @Test
    void detachingThePolicyStopsDeliveriesAtOnce() {
        Policies.Created certificate = Policies.certificateWith(iot, "alerts-reader", Policies.ALLOW_MQTT);

        try (Mqtt5Device subscriber = Mqtt5Device.of(running.get(), certificate.device("alerts-5"), "alerts-5");
             Mqtt5Device publisher = Policies.trusted(running.get(), "alerts-writer")) {
            subscriber.connect();
            subscriber.subscribe("alerts/#", QOS.AT_LEAST_ONCE);
            publisher.publish("alerts/one", "1", QOS.AT_LEAST_ONCE);
            assertThat(subscriber.nextMessage().getTopic()).isEqualTo("alerts/one");

            iot.detachPolicy(b -> b.policyName("alerts-reader").target(certificate.arn()));
            publisher.publish("alerts/two", "2", QOS.AT_LEAST_ONCE);

            PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Receive", "alerts-5");
            assertThat(denial.resourceName()).isEqualTo("topic/alerts/two");
            assertThat(denial.explanation()).contains("no policy is attached to certificate");
            // attached again, the next message arrives first: the one sent while detached never will
            iot.attachPolicy(b -> b.policyName("alerts-reader").target(certificate.arn()));
            publisher.publish("alerts/three", "3", QOS.AT_LEAST_ONCE);
            assertThat(new String(subscriber.nextMessage().getPayload(), StandardCharsets.UTF_8)).isEqualTo("3");
            assertThat(subscriber.firstDisconnection()).as("the subscription and the connection stayed").isNotDone();
        }
    }

    @Test
    void aWiderSubscriptionThanThePolicyReceivesOnlyWhatThePolicyAllows() {
        // alerts/# is covered by topic/alerts/*, so nothing is checked per delivery until the client also subscribes to #
        Policies.Created certificate = Policies.certificateWith(iot, "receiving-alerts", RECEIVING_ALERTS_ONLY);

        try (Mqtt5Device subscriber = Mqtt5Device.of(running.get(), certificate.device("wide-5"), "wide-5");
             Mqtt5Device publisher = Policies.trusted(running.get(), "wide-writer")) {
            subscriber.connect();
            subscriber.subscribe("alerts/#", QOS.AT_LEAST_ONCE);
            publisher.publish("alerts/one", "1", QOS.AT_LEAST_ONCE);
            assertThat(subscriber.nextMessage().getTopic()).isEqualTo("alerts/one");

            assertThat(subscriber.subscribe("#", QOS.AT_LEAST_ONCE).getReasonCodes()).containsExactly(SubAckReasonCode.GRANTED_QOS_1);
            publisher.publish("weather/today", "sunny", QOS.AT_LEAST_ONCE);
            publisher.publish("alerts/two", "2", QOS.AT_LEAST_ONCE);

            PolicyDenial denial = Policies.awaitDenial(running.get(), recorded -> recorded.clientId().equals("wide-5")
                    && recorded.resourceName().equals("topic/weather/today"));
            assertThat(denial.action()).isEqualTo("iot:Receive");
            assertThat(subscriber.nextMessage().getTopic()).as("the message on weather/today was withheld").isEqualTo("alerts/two");
        }
    }
}
