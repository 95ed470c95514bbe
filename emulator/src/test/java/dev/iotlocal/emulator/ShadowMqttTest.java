package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.ShadowRejected;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.iot.iotshadow.IotShadowClient;
import software.amazon.awssdk.iot.iotshadow.model.ErrorResponse;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowSubscriptionRequest;

/**
 * The shadow topics as devices use them outside the v2 service client: the Device SDK's older per-topic
 * {@code IotShadowClient}, raw topics for the limits (10 requests in flight), where errors are (and are not) published,
 * and which policy actions the MQTT path checks.
 */
@ExtendWith(CrtResources.class)
class ShadowMqttTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RunningEmulator emulator = new RunningEmulator(EmulatorConfig.defaults());

    @AfterEach
    void clearFaults() {
        emulator.get().faults().clear();
    }

    @Test
    void theOlderPerTopicShadowClientUpdatesReadsAndGetsTheDeltaOfTheClassicShadow() throws Exception {
        String thing = "boiler-" + UUID.randomUUID();
        DeviceCertificate certificate = emulator.get().certificates().issue(thing);
        try (Mqtt311Device device = Mqtt311Device.of(emulator.get(), certificate, thing)) {
            device.connect();
            IotShadowClient shadow = new IotShadowClient(device.connection());
            CompletableFuture<UpdateShadowResponse> accepted = new CompletableFuture<>();
            CompletableFuture<ShadowDeltaUpdatedEvent> delta = new CompletableFuture<>();
            CompletableFuture<GetShadowResponse> read = new CompletableFuture<>();
            CompletableFuture<ErrorResponse> rejected = new CompletableFuture<>();
            UpdateShadowSubscriptionRequest updates = new UpdateShadowSubscriptionRequest();
            updates.thingName = thing;
            ShadowDeltaUpdatedSubscriptionRequest deltas = new ShadowDeltaUpdatedSubscriptionRequest();
            deltas.thingName = thing;
            GetShadowSubscriptionRequest gets = new GetShadowSubscriptionRequest();
            gets.thingName = thing;
            shadow.SubscribeToUpdateShadowAccepted(updates, QualityOfService.AT_LEAST_ONCE, accepted::complete).get(10, TimeUnit.SECONDS);
            shadow.SubscribeToShadowDeltaUpdatedEvents(deltas, QualityOfService.AT_LEAST_ONCE, delta::complete).get(10, TimeUnit.SECONDS);
            shadow.SubscribeToGetShadowAccepted(gets, QualityOfService.AT_LEAST_ONCE, read::complete).get(10, TimeUnit.SECONDS);
            shadow.SubscribeToGetShadowRejected(gets, QualityOfService.AT_LEAST_ONCE, rejected::complete).get(10, TimeUnit.SECONDS);

            GetShadowRequest get = new GetShadowRequest();
            get.thingName = thing;
            get.clientToken = "first-get";
            shadow.PublishGetShadow(get, QualityOfService.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            ErrorResponse notFound = Await.result(rejected);
            assertThat(notFound.code).isEqualTo(404);
            assertThat(notFound.clientToken).isEqualTo("first-get");

            UpdateShadowRequest update = new UpdateShadowRequest();
            update.thingName = thing;
            update.clientToken = "heat";
            update.state = new ShadowState();
            update.state.desired = new HashMap<>(Map.of("temperature", 60));
            update.state.reported = new HashMap<>(Map.of("temperature", 40));
            shadow.PublishUpdateShadow(update, QualityOfService.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);

            UpdateShadowResponse answer = Await.result(accepted);
            assertThat(answer.clientToken).isEqualTo("heat");
            assertThat(answer.version).isEqualTo(1);
            assertThat(answer.state.desired).containsEntry("temperature", 60.0);
            assertThat(Await.result(delta).state).containsEntry("temperature", 60.0);

            get.clientToken = "second-get";
            shadow.PublishGetShadow(get, QualityOfService.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            GetShadowResponse document = Await.result(read);
            assertThat(document.clientToken).isEqualTo("second-get");
            assertThat(document.state.delta).containsEntry("temperature", 60.0);
            assertThat(document.metadata.reported).containsKey("temperature");
        }
    }

    @Test
    void theEleventhRequestInFlightOnOneConnectionIsRejectedWith429AndTheTenAreAnsweredLater() throws Exception {
        String thing = "busy-" + UUID.randomUUID();
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device device = Policies.trusted(emulator.get(), thing)) {
            device.subscribe(prefix + "/get/+", QOS.AT_LEAST_ONCE);
            emulator.get().faults().holdShadowResponses();
            for (int request = 1; request <= 11; request++) {
                device.publish(prefix + "/get", "{\"clientToken\":\"request-" + request + "\"}", QOS.AT_LEAST_ONCE);
            }
            PublishPacket tooMany = device.nextMessage();
            assertThat(tooMany.getTopic()).isEqualTo(prefix + "/get/rejected");
            JsonNode error = JSON.readTree(tooMany.getPayload());
            assertThat(error.path("code").asInt()).isEqualTo(429);
            assertThat(error.path("message").asText()).isEqualTo("Too Many Requests");
            assertThat(error.path("clientToken").asText()).isEqualTo("request-11");
            assertThat(device.nextMessageWithin(Duration.ofMillis(300))).as("held requests stay unanswered").isNull();

            emulator.get().faults().clear();
            List<String> answered = new ArrayList<>();
            for (int request = 1; request <= 10; request++) {
                JsonNode answer = JSON.readTree(device.nextMessage().getPayload());
                assertThat(answer.path("code").asInt()).isEqualTo(404);
                answered.add(answer.path("clientToken").asText());
            }
            assertThat(answered).containsExactly("request-1", "request-2", "request-3", "request-4", "request-5", "request-6",
                    "request-7", "request-8", "request-9", "request-10");
        }
        assertThat(emulator.get().journal().entries()).filteredOn(ShadowRejected.class::isInstance)
                .map(ShadowRejected.class::cast).extracting(ShadowRejected::code).contains(429);
    }

    @Test
    void errorsArePublishedOnlyToTheMqttRequestsThatCausedThem() throws Exception {
        String thing = "quiet-" + UUID.randomUUID();
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device device = Policies.trusted(emulator.get(), thing)) {
            device.subscribe(prefix + "/update/rejected", QOS.AT_LEAST_ONCE);
            // the emulator's own API (as HTTPS) answers its errors itself: nothing goes to update/rejected
            try {
                emulator.get().shadows().update(thing, "{\"state\":{\"desired\":1}}");
            } catch (dev.iotlocal.emulator.shadow.ShadowRejectedException expected) {
                assertThat(expected.code()).isEqualTo(400);
            }
            device.publish(prefix + "/update", "{\"state\":{\"desired\":{\"a\":1}},\"version\":5,\"clientToken\":\"mqtt\"}",
                    QOS.AT_LEAST_ONCE);
            JsonNode error = JSON.readTree(device.nextMessage().getPayload());
            assertThat(error.path("clientToken").asText()).isEqualTo("mqtt");
            assertThat(error.path("code").asInt()).isEqualTo(409);
            assertThat(error.path("message").asText()).isEqualTo("Version conflict");
            assertThat(error.has("timestamp")).isFalse();
        }
    }

    @Test
    void requestTopicsAreOrdinaryTopicsTooAndEverySubscriberOfAResponseTopicGetsEveryAnswer() throws Exception {
        String thing = "broadcast-" + UUID.randomUUID();
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device device = Policies.trusted(emulator.get(), thing);
             Mqtt5Device observer = Policies.trusted(emulator.get(), "observer-" + UUID.randomUUID())) {
            observer.subscribe(prefix + "/update", QOS.AT_LEAST_ONCE);
            observer.subscribe(prefix + "/update/accepted", QOS.AT_LEAST_ONCE);
            String request = "{\"state\":{\"reported\":{\"n\":1}}}";
            device.publish(prefix + "/update", request, QOS.AT_LEAST_ONCE);
            PublishPacket seen = observer.nextMessage();
            assertThat(seen.getTopic()).isEqualTo(prefix + "/update");
            assertThat(new String(seen.getPayload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(request);
            PublishPacket accepted = observer.nextMessage();
            assertThat(accepted.getTopic()).isEqualTo(prefix + "/update/accepted");
            assertThat(JSON.readTree(accepted.getPayload()).has("clientToken")).isFalse();
        }
    }

    @Test
    void aLastWillToTheUpdateTopicIsDeliveredButIsNoShadowRequest() {
        String thing = "mortal-" + UUID.randomUUID();
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device observer = Policies.trusted(emulator.get(), "watcher-" + UUID.randomUUID());
             Mqtt5Device device = Mqtt5Device.of(emulator.get(), emulator.get().certificates().issue(thing), thing, builder -> builder
                     .withWill(new PublishPacket.PublishPacketBuilder().withTopic(prefix + "/update")
                             .withPayload("{\"state\":{\"reported\":{\"online\":false}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                             .withQOS(QOS.AT_LEAST_ONCE).build()))) {
            observer.subscribe(prefix + "/update", QOS.AT_LEAST_ONCE);
            observer.subscribe(prefix + "/update/accepted", QOS.AT_LEAST_ONCE);
            device.connect();
            emulator.get().faults().disconnect(thing, dev.iotlocal.emulator.journal.DisconnectReason.SERVER_INITIATED_DISCONNECT);

            assertThat(observer.nextMessage().getTopic()).as("the Will is delivered").isEqualTo(prefix + "/update");
            assertThat(observer.nextMessageWithin(Duration.ofMillis(500))).as("the shadow service ignores it").isNull();
        }
        assertThat(emulator.get().shadows().get(thing)).isEmpty();
    }

    @Test
    void theMqttPathNeedsOnlyTheMqttActionsOnTheShadowTopicsNotTheShadowActions() {
        String thing = "scoped-" + UUID.randomUUID();
        String topics = "arn:aws:iot:*:*:topic/$aws/things/" + thing + "/shadow/*";
        String filters = "arn:aws:iot:*:*:topicfilter/$aws/things/" + thing + "/shadow/*";
        Policies.Created created = Policies.certificateWith(emulator.iot(), "mqtt-only-" + UUID.randomUUID(), Policies.document(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}",
                "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":[\"" + topics + "\",\"" + topics + "/*\"]}",
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":[\"" + filters + "\",\"" + filters + "/*\"]}",
                "{\"Effect\":\"Deny\",\"Action\":[\"iot:UpdateThingShadow\",\"iot:GetThingShadow\"],\"Resource\":\"*\"}"));
        String prefix = "$aws/things/" + thing + "/shadow";
        try (Mqtt5Device device = Mqtt5Device.of(emulator.get(), created.device(thing), thing)) {
            device.connect();
            device.subscribe(prefix + "/update/accepted", QOS.AT_LEAST_ONCE);
            device.publish(prefix + "/update", "{\"state\":{\"reported\":{\"ok\":true}}}", QOS.AT_LEAST_ONCE);
            assertThat(device.nextMessage().getTopic()).isEqualTo(prefix + "/update/accepted");
        }
        assertThat(emulator.get().journal().denials()).isEmpty();
        assertThat(emulator.get().shadows().get(thing)).isPresent();
    }
}
