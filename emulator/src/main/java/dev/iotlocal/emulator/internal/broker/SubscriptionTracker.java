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
import dev.iotlocal.emulator.rules.RetainedMessages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sees every SUBSCRIBE and UNSUBSCRIBE whole: applies the rules that concern the packet as a whole, keeps each
 * session's subscriptions (what the SUBACK granted), and publishes the {@code subscribed}/{@code unsubscribed}
 * lifecycle events with the filters of one packet each, as AWS IoT does.
 *
 * <p>In AWS IoT {@code a/#} does not match {@code a}; in MQTT it does, and {@code a/+/#} is the MQTT filter that
 * matches exactly what AWS's {@code a/#} matches. So the broker is handed {@code a/+/#} for {@code a/#} (in
 * SUBSCRIBE and UNSUBSCRIBE alike) while everything the client and the journal see keeps {@code a/#}. This costs
 * nothing per message, unlike filtering every delivery.
 */
final class SubscriptionTracker implements SubscribeInboundInterceptor, SubackOutboundInterceptor,
        UnsubscribeInboundInterceptor, UnsubackOutboundInterceptor {

    private final RuleBook ruleBook;
    private final ConnectionRegistry connections;
    private final Enforcement enforcement;
    private final LifecycleEvents events;

    SubscriptionTracker(RuleBook ruleBook, ConnectionRegistry connections, Enforcement enforcement, LifecycleEvents events) {
        this.ruleBook = ruleBook;
        this.connections = connections;
        this.enforcement = enforcement;
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
            if (ruleBook.rules().retainedMessages() == RetainedMessages.AWS) {
                // AWS IoT sends live copies with RETAIN=0 whatever the client asks
                subscription.setRetainAsPublished(false);
            }
        }
        Refusal refusal = ruleBook.checkSubscribePacket(filters, input.getSubscribePacket().getSubscriptionIdentifier(),
                connection.subscriptions());
        Set<String> added = new HashSet<>();
        if (refusal != null) {
            enforcement.violatedAndDisconnected(connection, connection.clientId(), refusal);
            connection.refuseCurrentSubscribe(refusal);
        } else {
            for (String filter : filters) {
                if (connection.subscriptions().add(filter)) {
                    added.add(filter);
                }
            }
            if (ruleBook.rules().hashWildcardExcludesParent()) {
                for (ModifiableSubscription subscription : subscribe.getSubscriptions()) {
                    String asSent = subscription.getTopicFilter();
                    String forBroker = withoutParentLevel(asSent);
                    if (!forBroker.equals(asSent)) {
                        connection.rewroteFilter(forBroker);
                        subscription.setTopicFilter(forBroker);
                    }
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
            events.subscribed(connection.clientId(), connection.sessionIdentifier(),
                    connection.principal().principalIdentifier(), granted);
        }
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        Connection connection = connections.of(input);
        if (connection != null) {
            List<String> filters = List.copyOf(input.getUnsubscribePacket().getTopicFilters());
            connection.unsubscribesAwaitingAck().add(filters);
            if (ruleBook.rules().hashWildcardExcludesParent()) {
                output.getUnsubscribePacket().setTopicFilters(filters.stream().map(SubscriptionTracker::withoutParentLevel).toList());
            }
        }
    }

    /** The MQTT filter that matches what AWS IoT's filter matches: {@code a/+/#} for {@code a/#}; others as they are. */
    static String withoutParentLevel(String filter) {
        return filter.endsWith("/#") ? filter.substring(0, filter.length() - 1) + "+/#" : filter;
    }

    /** The client's filter for one that {@link #withoutParentLevel} made: {@code a/#} for {@code a/+/#}. */
    static String asSentByClient(String rewritten) {
        return rewritten.substring(0, rewritten.length() - "+/#".length()) + "#";
    }

    @Override
    public void onOutboundUnsuback(UnsubackOutboundInput input, UnsubackOutboundOutput output) {
        Connection connection = connections.of(input);
        List<String> filters = connection == null ? null : connection.unsubscribesAwaitingAck().poll();
        if (filters == null) {
            return;
        }
        filters.forEach(connection.subscriptions()::remove);
        events.unsubscribed(connection.clientId(), connection.sessionIdentifier(),
                connection.principal().principalIdentifier(), filters);
    }

    private static boolean isGranted(SubackReasonCode code) {
        return code == SubackReasonCode.GRANTED_QOS_0 || code == SubackReasonCode.GRANTED_QOS_1
                || code == SubackReasonCode.GRANTED_QOS_2;
    }
}
