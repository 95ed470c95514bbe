package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.events.LifecycleEvents;
import dev.iotlocal.emulator.internal.gateway.ListenerDoor;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded HiveMQ extension that makes HiveMQ behave like AWS IoT Core's message broker. Its hooks, in the order
 * a connection meets them: the {@link ConnectInterceptor} (the door admits, the CONNECT checks decide), the
 * {@link ConnectionAuthenticator} (CONNACK), the {@link PublishCheck} (only where wanted), the {@link PacketAuthorizer}
 * and {@link SubscriptionTracker} (PUBLISH and SUBSCRIBE through the {@link Pipeline}), the {@link DeliveryFilter}
 * (only where wanted), the {@link BrokerControl}'s PUBACK faults, and the {@link LifecycleListener}.
 */
public final class BrokerExtension implements ExtensionMain {

    private final Pipeline pipeline;
    private final MessageRecorder messages;
    private final CompletableFuture<Map<String, ListenerDoor>> doorsByListener;
    private final ConnectionRegistry connections;
    private final BrokerControl control;
    private final LifecycleEvents events;
    private final CompletableFuture<Optional<PolicyEvaluator>> policies;
    private final InMemoryJournal journal;
    private final Clock clock;
    private final ServiceRequests services;
    private final RetainedTimes retainedTimes = new RetainedTimes();
    private final BrokerPublisher publisher;

    /**
     * @param doorsByListener the doors, by listener name; may still be in the making (the mutual-TLS door needs the
     *                        certificate registry), and are awaited when HiveMQ starts the extension
     * @param services        who answers requests published on {@code $aws} topics
     */
    public BrokerExtension(AwsIotRules rules, boolean recordMessages, CompletableFuture<Map<String, ListenerDoor>> doorsByListener,
                           CompletableFuture<Optional<PolicyEvaluator>> policies, InMemoryJournal journal, Clock clock,
                           ServiceRequests services) {
        this.services = services;
        this.policies = policies;
        this.journal = journal;
        this.pipeline = Pipeline.of(rules);
        this.messages = recordMessages ? new MessageRecorder(journal, clock) : null;
        this.doorsByListener = doorsByListener;
        this.connections = new ConnectionRegistry(clock);
        this.control = new BrokerControl(connections);
        this.events = new LifecycleEvents(journal, clock);
        this.clock = clock;
        this.publisher = new BrokerPublisher(retainedTimes, messages, clock);
    }

    /** Publishes the emulator's own messages (AWS IoT's services, HTTPS publishes). */
    public BrokerPublisher publisher() {
        return publisher;
    }

    /** The retained messages with the time each was set. */
    public RetainedTimes retainedMessages() {
        return retainedTimes;
    }

    /** Disconnects, faults and resets. */
    public BrokerControl control() {
        return control;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        control.attach(Services.clientService(), Services.retainedMessageStore());
        retainedTimes.attach(Services.retainedMessageStore());
        PolicyEvaluator evaluator = policies.join().orElse(null);
        Violations violations = new Violations(journal, clock, evaluator);
        ConnectInterceptor connectInterceptor = new ConnectInterceptor(doorsByListener.join(), pipeline, connections, control, evaluator);
        ConnectionAuthenticator authenticator = new ConnectionAuthenticator(connections, violations, events, control);
        DeliveryFilter deliveries = new DeliveryFilter(pipeline, connections, messages, violations);
        PacketAuthorizer authorizer = new PacketAuthorizer(pipeline, connections, violations, messages, deliveries, services,
                retainedTimes, clock);
        SubscriptionTracker subscriptions = new SubscriptionTracker(pipeline, connections, violations, events);
        PublishCheck publishes = new PublishCheck(pipeline, connections, violations);
        boolean everyDelivery = DeliveryFilter.wanted(pipeline, messages);
        LifecycleListener lifecycle = new LifecycleListener(pipeline, connections, violations, events, control, clock);

        Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> connectInterceptor);
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        Services.initializerRegistry().setClientInitializer((initializerInput, clientContext) -> {
            clientContext.addSubscribeInboundInterceptor(subscriptions);
            clientContext.addSubackOutboundInterceptor(subscriptions);
            clientContext.addUnsubscribeInboundInterceptor(subscriptions);
            clientContext.addUnsubackOutboundInterceptor(subscriptions);
            Connection connection = connections.of(initializerInput);
            if (connection != null) {
                connection.initialized(clientContext);
            }
            if (everyDelivery) {
                // through the connection when there is one, so that it is added once whatever asks for it later
                if (connection == null) {
                    clientContext.addPublishOutboundInterceptor(deliveries);
                } else {
                    connection.checkDeliveries(deliveries);
                }
            }
            if (connection != null) {
                addTheChecksItNeeds(connection, deliveries, publishes);
            }
            clientContext.addPubackOutboundInterceptor(control);
        });
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> lifecycle);
        if (evaluator != null) {
            // a policy change reaches the next PUBLISH and delivery: clients that may no longer publish or receive
            // everything get the checks now
            evaluator.onAccountChange(() -> connections.all().forEach(connection -> addTheChecksItNeeds(connection, deliveries, publishes)));
        }
        // Services is static: with several brokers in one JVM it points at the one that started last, so keep ours
        publisher.attach(Services.publishService());
        events.publishTo(publisher::publishAtLeastOnce);
    }

    /**
     * A client whose policies do not let it receive everything its subscriptions can bring has its deliveries checked,
     * one that may be refused a PUBLISH alone has its PUBLISHes checked first; the others are spared HiveMQ's
     * per-packet hooks (see DeliveryFilter, PublishCheck). Asked when the client is initialized and after every
     * account change; each check is added once.
     */
    private void addTheChecksItNeeds(Connection connection, DeliveryFilter deliveries, PublishCheck publishes) {
        if (connection.client() == null) {
            return;
        }
        if (pipeline.checksDeliveriesTo(connection.client(), connection.subscriptions())) {
            connection.checkDeliveries(deliveries);
        }
        if (pipeline.refusesPublishesAloneTo(connection.client())) {
            connection.checkPublishes(publishes);
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        events.publishTo((topic, payload) -> {});
        publisher.detach();
    }
}
