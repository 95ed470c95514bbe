package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.events.LifecycleEvents;
import dev.iotlocal.emulator.internal.gateway.DoorTickets;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HiveMQ extension that makes HiveMQ behave like AWS IoT Core's message broker: principals from
 * the doors, AWS IoT's rules, lifecycle events.
 */
public final class BrokerExtension implements ExtensionMain {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerExtension.class);

    private final AwsIotRules rules;
    private final DoorTickets tickets;
    private final MessageRecorder messages;
    private final CompletableFuture<Map<String, PrincipalResolver>> resolversByListener;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final BrokerControl control = new BrokerControl(connections);
    private final LifecycleEvents events;
    private final Enforcement enforcement;

    /**
     * @param resolversByListener the doors, by listener name; may still be in the making (they need the
     *                            certificate registry), and are awaited when HiveMQ starts the extension
     */
    public BrokerExtension(AwsIotRules rules, boolean recordMessages, CompletableFuture<Map<String, PrincipalResolver>> resolversByListener,
                           DoorTickets tickets, InMemoryJournal journal, Clock clock) {
        this.rules = rules;
        this.messages = recordMessages ? new MessageRecorder(journal, clock) : null;
        this.tickets = tickets;
        this.resolversByListener = resolversByListener;
        this.events = new LifecycleEvents(journal, clock);
        this.enforcement = new Enforcement(journal, clock);
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    /** Disconnects, faults and resets. */
    public BrokerControl control() {
        return control;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        RuleBook ruleBook = new RuleBook(rules);
        control.attach(Services.clientService(), Services.retainedMessageStore());
        ConnectionAuthenticator authenticator = new ConnectionAuthenticator(resolversByListener.join(), ruleBook, connections, enforcement,
                events, control);
        RulesAuthorizer authorizer = new RulesAuthorizer(ruleBook, connections, enforcement, messages);
        SubscriptionTracker subscriptions = new SubscriptionTracker(ruleBook, connections, enforcement, events);
        LifecycleListener lifecycle = new LifecycleListener(connections, enforcement, events);
        boolean retainedOnlyToExactFilters = rules.retainedMessages() == RetainedMessages.AWS;
        // an outbound publish interceptor costs every delivery a trip through HiveMQ's extension executor (about
        // two thirds of the throughput on two cores), so there is one only where it has work to do
        DeliveryFilter deliveries = retainedOnlyToExactFilters || messages != null || DeliveryFilter.TRAFFIC.isDebugEnabled()
                ? new DeliveryFilter(connections, retainedOnlyToExactFilters, messages)
                : null;

        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        ConnectInterceptor connectInterceptor = new ConnectInterceptor(ruleBook, tickets, control);
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> connectInterceptor);
        Services.initializerRegistry().setClientInitializer((initializerInput, clientContext) -> {
            clientContext.addSubscribeInboundInterceptor(subscriptions);
            clientContext.addSubackOutboundInterceptor(subscriptions);
            clientContext.addUnsubscribeInboundInterceptor(subscriptions);
            clientContext.addUnsubackOutboundInterceptor(subscriptions);
            if (deliveries != null) {
                clientContext.addPublishOutboundInterceptor(deliveries);
            }
            clientContext.addPubackOutboundInterceptor(control);
        });
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> lifecycle);
        // Services is static: with several brokers in one JVM it points at the one that started last, so keep ours
        PublishService publishService = Services.publishService();
        events.publishTo((topic, payload) -> publishService
                .publish(Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE).payload(ByteBuffer.wrap(payload)).build())
                .exceptionally(failure -> {
                    LOG.debug("Lifecycle event on {} not published: {}", topic, failure.toString());
                    return null;
                }));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        events.publishTo((topic, payload) -> {});
    }
}
