package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.unsuback.UnsubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsuback.parameter.UnsubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsuback.parameter.UnsubackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.ModifiableSubscribePacket;
import com.hivemq.extension.sdk.api.packets.subscribe.ModifiableSubscription;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.iotlocal.emulator.internal.events.LifecycleEvents;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sees every SUBSCRIBE and UNSUBSCRIBE whole: applies the rules that concern the packet as a whole, keeps each
 * session's subscriptions (what the SUBACK granted), and publishes the {@code subscribed}/{@code unsubscribed}
 * lifecycle events with the filters of one packet each, as AWS IoT does. The filters the broker is handed and the
 * Retain As Published flag are the {@link Pipeline}'s (AWS IoT's {@code a/#} becomes {@code a/+/#}, for one); the
 * session and the journal keep the filters as the client sent them.
 */
final class SubscriptionTracker implements SubscribeInboundInterceptor, SubackOutboundInterceptor,
        UnsubscribeInboundInterceptor, UnsubackOutboundInterceptor {

    private final Pipeline pipeline;
    private final ConnectionRegistry connections;
    private final Violations violations;
    private final LifecycleEvents events;

    SubscriptionTracker(Pipeline pipeline, ConnectionRegistry connections, Violations violations, LifecycleEvents events) {
        this.pipeline = pipeline;
        this.connections = connections;
        this.violations = violations;
        this.events = events;
    }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        Connection connection = connections.of(input);
        if (connection == null) {
            return;
        }
        ModifiableSubscribePacket subscribe = output.getSubscribePacket();
        List<String> filters = new ArrayList<>();
        for (ModifiableSubscription subscription : subscribe.getSubscriptions()) {
            filters.add(subscription.getTopicFilter());
            boolean retainAsPublished = pipeline.retainAsPublished(subscription.getRetainAsPublished());
            if (retainAsPublished != subscription.getRetainAsPublished()) {
                subscription.setRetainAsPublished(retainAsPublished);
            }
        }
        Refusal refusal = pipeline.subscribe(connection.client(),
                new Packets.Subscribe(filters, input.getSubscribePacket().getSubscriptionIdentifier()), connection.subscriptions());
        Set<String> added = new HashSet<>();
        if (refusal != null) {
            violations.disconnecting(connection, refusal);
            connection.refuseCurrentSubscribe(refusal);
        } else {
            for (String filter : filters) {
                if (connection.subscriptions().add(filter)) {
                    added.add(filter);
                }
            }
            for (ModifiableSubscription subscription : subscribe.getSubscriptions()) {
                String asSent = subscription.getTopicFilter();
                String forBroker = pipeline.brokerFilter(asSent);
                if (!forBroker.equals(asSent)) {
                    connection.rewroteFilter(forBroker);
                    subscription.setTopicFilter(forBroker);
                }
            }
        }
        connection.subscribesAwaitingAck().add(new Connection.PendingSubscribe(List.copyOf(filters), added));
    }

    @Override
    public void onOutboundSuback(SubackOutboundInput input, SubackOutboundOutput output) {
        Connection connection = connections.of(input);
        Connection.PendingSubscribe pending = connection == null ? null : connection.subscribesAwaitingAck().poll();
        if (pending == null) {
            return;
        }
        List<SubackReasonCode> codes = input.getSubackPacket().getReasonCodes();
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < pending.filters().size() && i < codes.size(); i++) {
            String filter = pending.filters().get(i);
            if (isGranted(codes.get(i))) {
                granted.add(filter);
            } else if (pending.added().contains(filter)) {
                connection.subscriptions().remove(filter);
            }
        }
        if (!granted.isEmpty()) {
            events.subscribed(connection.clientId(), connection.admitted().sessionIdentifier(),
                    connection.principal().principalIdentifier(), granted);
        }
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        Connection connection = connections.of(input);
        if (connection != null) {
            List<String> filters = List.copyOf(input.getUnsubscribePacket().getTopicFilters());
            connection.unsubscribesAwaitingAck().add(filters);
            List<String> forBroker = filters.stream().map(pipeline::brokerFilter).toList();
            if (!forBroker.equals(filters)) {
                output.getUnsubscribePacket().setTopicFilters(forBroker);
            }
        }
    }

    @Override
    public void onOutboundUnsuback(UnsubackOutboundInput input, UnsubackOutboundOutput output) {
        Connection connection = connections.of(input);
        List<String> filters = connection == null ? null : connection.unsubscribesAwaitingAck().poll();
        if (filters == null) {
            return;
        }
        filters.forEach(connection.subscriptions()::remove);
        events.unsubscribed(connection.clientId(), connection.admitted().sessionIdentifier(),
                connection.principal().principalIdentifier(), filters);
    }

    private static boolean isGranted(SubackReasonCode code) {
        return code == SubackReasonCode.GRANTED_QOS_0 || code == SubackReasonCode.GRANTED_QOS_1
                || code == SubackReasonCode.GRANTED_QOS_2;
    }
}
