package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.ShadowChanged;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.iot.StreamingOperation;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEventType;
import software.amazon.awssdk.iot.ShadowStateFactory;
import software.amazon.awssdk.iot.Timestamp;
import software.amazon.awssdk.iot.V2ClientStreamOptions;
import software.amazon.awssdk.iot.iotshadow.IotShadowV2Client;
import software.amazon.awssdk.iot.iotshadow.model.DeleteNamedShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.DeleteShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.DeleteShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.GetNamedShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.NamedShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.NamedShadowUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.ShadowUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateNamedShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.V2ErrorResponseException;

/**
 * The AWS IoT Device SDK v2's {@code IotShadowV2Client}, over MQTT 5 and MQTT 3.1.1 with mutual TLS, in the scenarios of
 * the SDK's own {@code ShadowTests} (thing and shadow names are random UUIDs of things nobody registered), for named and
 * classic shadows.
 */
@ExtendWith(CrtResources.class)
class ShadowServiceClientTest {

    enum Protocol { MQTT5, MQTT311 }

    static IotEmulator emulator;
    static DeviceCertificate certificate;

    private final Gson gson = new GsonBuilder().disableHtmlEscaping()
            .registerTypeAdapter(Timestamp.class, new Timestamp.Serializer())
            .registerTypeAdapter(Timestamp.class, new Timestamp.Deserializer())
            .registerTypeAdapterFactory(new ShadowStateFactory())
            .create();
    private AutoCloseable device;
    private IotShadowV2Client shadows;

    @BeforeAll
    static void start() {
        emulator = IotEmulator.start();
        certificate = emulator.certificates().issue("shadow-tester");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        if (shadows != null) {
            shadows.close();
        }
        if (device != null) {
            device.close();
        }
    }

    private void connect(Protocol protocol) {
        MqttRequestResponseClientOptions options = MqttRequestResponseClientOptions.builder()
                .withMaxRequestResponseSubscriptions(4)
                .withMaxStreamingSubscriptions(2)
                .withOperationTimeoutSeconds(10)
                .build();
        String clientId = "shadow-tester-" + UUID.randomUUID();
        if (protocol == Protocol.MQTT5) {
            Mqtt5Device mqtt5 = Mqtt5Device.of(emulator, certificate, clientId);
            device = mqtt5;
            mqtt5.connect();
            shadows = IotShadowV2Client.newFromMqtt5(mqtt5.client(), options);
        } else {
            Mqtt311Device mqtt311 = Mqtt311Device.of(emulator, certificate, clientId);
            device = mqtt311;
            mqtt311.connect();
            shadows = IotShadowV2Client.newFromMqtt311(mqtt311.connection(), options);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void getOfAShadowNobodyCreatedFailsWith404(Protocol protocol) {
        connect(protocol);
        GetNamedShadowRequest request = new GetNamedShadowRequest();
        request.thingName = UUID.randomUUID().toString();
        request.shadowName = UUID.randomUUID().toString();

        assertThatThrownBy(() -> shadows.getNamedShadow(request).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(V2ErrorResponseException.class, error -> {
                    assertThat(error.getModeledError().code).isEqualTo(404);
                    assertThat(error.getModeledError().message).isEqualTo("No shadow exists with name: '" + request.shadowName + "'");
                });
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aNamedShadowIsCreatedReadAndDeleted(Protocol protocol) throws Exception {
        connect(protocol);
        String thing = UUID.randomUUID().toString();
        String name = UUID.randomUUID().toString();
        String state = "{\"key\":\"value\"}";

        UpdateShadowResponse created = updateNamed(thing, name, state, state);
        assertThat(gson.toJson(created.state.desired)).isEqualTo(state);
        assertThat(gson.toJson(created.state.reported)).isEqualTo(state);
        assertThat(created.version).isEqualTo(1);

        GetShadowResponse read = getNamed(thing, name);
        assertThat(gson.toJson(read.state.desired)).isEqualTo(state);
        assertThat(gson.toJson(read.state.reported)).isEqualTo(state);
        assertThat(read.state.delta).isNull();
        assertThat(read.version).isEqualTo(1);

        DeleteNamedShadowRequest delete = new DeleteNamedShadowRequest();
        delete.thingName = thing;
        delete.shadowName = name;
        DeleteShadowResponse deleted = shadows.deleteNamedShadow(delete).get(10, TimeUnit.SECONDS);
        assertThat(deleted.version).isEqualTo(1);
        assertThat(emulator.shadows().get(thing, name)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theDeltaStreamGetsExactlyTheChangedDesiredStateAndTheDocumentsStreamTheNewDocument(Protocol protocol) throws Exception {
        connect(protocol);
        String thing = UUID.randomUUID().toString();
        String name = UUID.randomUUID().toString();
        String initial = "{\"color\":\"green\",\"on\":true}";
        updateNamed(thing, name, initial, initial);

        CompletableFuture<ShadowDeltaUpdatedEvent> delta = new CompletableFuture<>();
        CompletableFuture<ShadowUpdatedEvent> documents = new CompletableFuture<>();
        NamedShadowDeltaUpdatedSubscriptionRequest deltaRequest = new NamedShadowDeltaUpdatedSubscriptionRequest();
        deltaRequest.thingName = thing;
        deltaRequest.shadowName = name;
        NamedShadowUpdatedSubscriptionRequest documentsRequest = new NamedShadowUpdatedSubscriptionRequest();
        documentsRequest.thingName = thing;
        documentsRequest.shadowName = name;
        try (StreamingOperation deltaStream = open(shadows.createNamedShadowDeltaUpdatedStream(deltaRequest, streamOptions(delta)), delta);
             StreamingOperation documentsStream = open(shadows.createNamedShadowUpdatedStream(documentsRequest,
                     streamOptions(documents)), documents)) {
            String change = "{\"color\":\"blue\",\"on\":false}";
            updateNamed(thing, name, change, null);

            ShadowDeltaUpdatedEvent deltaEvent = Await.result(delta);
            assertThat(gson.toJson(deltaEvent.state)).isEqualTo(change);
            assertThat(deltaEvent.version).isEqualTo(2);
            ShadowUpdatedEvent documentsEvent = Await.result(documents);
            assertThat(gson.toJson(documentsEvent.current.state.desired)).isEqualTo(change);
            assertThat(gson.toJson(documentsEvent.previous.state.desired)).isEqualTo(initial);
            assertThat(documentsEvent.current.version).isEqualTo(2);
            assertThat(documentsEvent.previous.version).isEqualTo(1);
        }
        UpdateShadowResponse reported = updateNamed(thing, name, null, "{\"color\":\"blue\",\"on\":false}");
        assertThat(reported.version).isEqualTo(3);
        assertThat(getNamed(thing, name).state.delta).isNull();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theClassicShadowWorksTheSameAndTheJournalRecordsItsChanges(Protocol protocol) throws Exception {
        connect(protocol);
        String thing = UUID.randomUUID().toString();
        CompletableFuture<ShadowDeltaUpdatedEvent> delta = new CompletableFuture<>();
        CompletableFuture<ShadowUpdatedEvent> documents = new CompletableFuture<>();
        ShadowDeltaUpdatedSubscriptionRequest deltaRequest = new ShadowDeltaUpdatedSubscriptionRequest();
        deltaRequest.thingName = thing;
        ShadowUpdatedSubscriptionRequest documentsRequest = new ShadowUpdatedSubscriptionRequest();
        documentsRequest.thingName = thing;
        try (StreamingOperation deltaStream = open(shadows.createShadowDeltaUpdatedStream(deltaRequest, streamOptions(delta)), delta);
             StreamingOperation documentsStream = open(shadows.createShadowUpdatedStream(documentsRequest, streamOptions(documents)),
                     documents)) {
            UpdateShadowRequest update = new UpdateShadowRequest();
            update.thingName = thing;
            update.state = new ShadowState();
            update.state.desired = map("{\"fan\":\"high\"}");
            UpdateShadowResponse accepted = shadows.updateShadow(update).get(10, TimeUnit.SECONDS);
            assertThat(gson.toJson(accepted.state.desired)).isEqualTo("{\"fan\":\"high\"}");
            assertThat(accepted.state.reported).isNull();

            assertThat(gson.toJson(Await.result(delta).state)).isEqualTo("{\"fan\":\"high\"}");
            ShadowUpdatedEvent first = Await.result(documents);
            assertThat(first.previous).isNull();
            assertThat(gson.toJson(first.current.state.desired)).isEqualTo("{\"fan\":\"high\"}");
        }
        GetShadowRequest get = new GetShadowRequest();
        get.thingName = thing;
        GetShadowResponse read = shadows.getShadow(get).get(10, TimeUnit.SECONDS);
        assertThat(gson.toJson(read.state.delta)).isEqualTo("{\"fan\":\"high\"}");
        assertThat(read.metadata.desired).containsKey("fan");

        DeleteShadowRequest delete = new DeleteShadowRequest();
        delete.thingName = thing;
        shadows.deleteShadow(delete).get(10, TimeUnit.SECONDS);
        assertThat(emulator.journal().shadowChanges()).extracting(ShadowChanged::thingName, ShadowChanged::shadowName,
                ShadowChanged::change, ShadowChanged::version).contains(
                org.assertj.core.groups.Tuple.tuple(thing, "", ShadowChanged.Change.UPDATED, 1L),
                org.assertj.core.groups.Tuple.tuple(thing, "", ShadowChanged.Change.DELETED, 1L));
    }

    private UpdateShadowResponse updateNamed(String thing, String name, String desired, String reported) throws Exception {
        UpdateNamedShadowRequest request = new UpdateNamedShadowRequest();
        request.thingName = thing;
        request.shadowName = name;
        request.state = new ShadowState();
        request.state.desired = desired == null ? null : map(desired);
        request.state.reported = reported == null ? null : map(reported);
        return shadows.updateNamedShadow(request).get(10, TimeUnit.SECONDS);
    }

    private GetShadowResponse getNamed(String thing, String name) throws Exception {
        GetNamedShadowRequest request = new GetNamedShadowRequest();
        request.thingName = thing;
        request.shadowName = name;
        return shadows.getNamedShadow(request).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private HashMap<String, Object> map(String json) {
        return gson.fromJson(json, HashMap.class);
    }

    private static <T> V2ClientStreamOptions<T> streamOptions(CompletableFuture<T> events) {
        return V2ClientStreamOptions.<T>builder()
                .withStreamEventHandler(events::complete)
                .withSubscriptionEventHandler(event -> {
                    if (event.getType() == SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED) {
                        SUBSCRIBED.computeIfAbsent(events, any -> new CompletableFuture<>()).complete(null);
                    }
                })
                .build();
    }

    private static final Map<CompletableFuture<?>, CompletableFuture<Void>> SUBSCRIBED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Opens a stream and waits until its subscription is established, as the SDK's tests do. */
    private static StreamingOperation open(StreamingOperation stream, CompletableFuture<?> events) {
        stream.open();
        Await.result(SUBSCRIBED.computeIfAbsent(events, any -> new CompletableFuture<>()));
        return stream;
    }
}
