package dev.iotlocal.emulator.internal.policy;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.PolicyDenial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one MQTT connection may do, as its policies say: prepared once (policies read, variables resolved,
 * statements that cannot apply dropped) and again only when the account changes, so a PUBLISH, a SUBSCRIBE filter or
 * a delivery costs resource matching alone, and a detached policy stops the next delivery. Each method answers null
 * when allowed, else the denial to record. Thread-safe.
 */
public final class ConnectionAuthorization {

    private final PolicyEvaluator evaluator;
    private final Principal principal;
    private final String clientId;
    private final PolicyEvaluator.ConnectAttributes connect;
    private volatile Prepared prepared;

    /** The subject and its sets prepared per action, for the account as it was after {@code changes} changes. */
    private record Prepared(long changes, Subject subject, Subject connectSubject, List<PreparedAction> connect, List<PreparedAction> publish,
                            List<PreparedAction> retainPublish, List<PreparedAction> subscribe, List<PreparedAction> receive,
                            boolean publishesEverything, boolean receivesEverything) {}

    ConnectionAuthorization(PolicyEvaluator evaluator, Principal principal, String clientId, PolicyEvaluator.ConnectAttributes connect) {
        this.evaluator = evaluator;
        this.principal = principal;
        this.clientId = clientId;
        this.connect = connect;
    }

    /** {@code iot:Connect} on {@code client/<clientId>}, then the Will's {@code iot:Publish} (and {@code iot:RetainPublish}). */
    public PolicyDenial connect() {
        Prepared current = current();
        if (current == null) {
            return null;
        }
        PolicyDenial denial = evaluator.deny(current.connectSubject, principal, clientId, PolicyEvaluator.CONNECT,
                evaluator.arn("client", clientId), "connected with client id", clientId, current.connect);
        if (denial == null && connect.willTopic().isPresent()) {
            String will = connect.willTopic().get();
            denial = evaluator.deny(current.subject, principal, clientId, PolicyEvaluator.PUBLISH, evaluator.arn("topic", will),
                    "connected with a Will on", will, current.publish);
            if (denial == null && connect.willRetained()) {
                denial = evaluator.deny(current.subject, principal, clientId, PolicyEvaluator.RETAIN_PUBLISH, evaluator.arn("topic", will),
                        "connected with a retained Will on", will, current.retainPublish);
            }
        }
        return denial;
    }

    /** {@code iot:Publish} on {@code topic/<topic>}, and with RETAIN {@code iot:RetainPublish} too. */
    public PolicyDenial publish(String topic, boolean retain) {
        Prepared current = current();
        if (current == null || current.publishesEverything) {
            return null;
        }
        String resource = evaluator.arn("topic", topic);
        PolicyDenial denial = evaluator.deny(current.subject, principal, clientId, PolicyEvaluator.PUBLISH, resource,
                "published to", topic, current.publish);
        if (denial == null && retain) {
            denial = evaluator.deny(current.subject, principal, clientId, PolicyEvaluator.RETAIN_PUBLISH, resource,
                    "published a retained message to", topic, current.retainPublish);
        }
        return denial;
    }

    /** {@code iot:Subscribe} on {@code topicfilter/<filter>}, the filter taken literally. */
    public PolicyDenial subscribe(String filter) {
        Prepared current = current();
        return current == null ? null : evaluator.deny(current.subject, principal, clientId, PolicyEvaluator.SUBSCRIBE,
                evaluator.arn("topicfilter", filter), "subscribed to", filter, current.subscribe);
    }

    /** {@code iot:Receive} on {@code topic/<topic>}, asked per delivery. */
    public PolicyDenial receive(String topic) {
        Prepared current = current();
        return current == null || current.receivesEverything ? null : evaluator.deny(current.subject, principal, clientId,
                PolicyEvaluator.RECEIVE, evaluator.arn("topic", topic), "was to receive a message on", topic, current.receive);
    }

    /**
     * Whether the connection may receive on every topic, as the account is now: then the broker need not ask per
     * delivery (and asks again after the account changes).
     */
    public boolean receivesEverything() {
        Prepared current = current();
        return current == null || current.receivesEverything;
    }

    /**
     * Whether the connection may receive every message these topic filters can bring it, as the account is now: each
     * filter's topics start with its text before the first wildcard, so a policy allowing {@code topic/dt/*} covers
     * a subscription to {@code dt/#}. Then the broker need not ask per delivery; it asks again when the client
     * subscribes and when the account changes.
     */
    public boolean receivesEverythingFrom(Collection<String> filters) {
        Prepared current = current();
        if (current == null || current.receivesEverything) {
            return true;
        }
        for (String filter : filters) {
            String prefix = evaluator.topicArnPrefix() + literalPrefix(filter);
            for (PreparedAction set : current.receive) {
                if (!set.allowsEverythingUnder(prefix)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What every topic a filter matches starts with: its text before the first wildcard ({@code a/#} matches {@code a} too). */
    static String literalPrefix(String filter) {
        String topics = filter;
        if (topics.startsWith("$share/")) {
            int slash = topics.indexOf('/', "$share/".length());
            topics = slash < 0 ? "" : topics.substring(slash + 1);
        }
        int plus = topics.indexOf('+');
        int hash = topics.indexOf('#');
        int wildcard = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        if (wildcard < 0) {
            return topics;
        }
        String prefix = topics.substring(0, wildcard);
        return wildcard == hash && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /**
     * Whether the connection may publish on every topic, retained or not, as the account is now: then no PUBLISH of it
     * can be denied, and the broker need not check its PUBLISHes before HiveMQ's authorizer (see the broker's
     * {@code PublishCheck}).
     */
    public boolean publishesEverything() {
        Prepared current = current();
        return current == null || current.publishesEverything;
    }

    /** The preparation for the account as it is, made again when it changed; null when nothing is evaluated. */
    private Prepared current() {
        Prepared current = prepared;
        long changes = evaluator.changeCount();
        if (current != null && current.changes == changes) {
            return current;
        }
        Subject subject = evaluator.subject(principal, Optional.of(clientId), Optional.empty(), List.of(), Set.of());
        if (subject == null) {
            return null;
        }
        RequestContext.Builder connectContext = subject.context().toBuilder();
        List<String> attributes = new ArrayList<>();
        if (connect.persistentSession()) {
            attributes.add("PersistentConnect");
        }
        if (connect.willTopic().isPresent()) {
            attributes.add("LastWill");
            connectContext.put(RequestContext.LAST_WILL_TOPIC, evaluator.arn("topic", connect.willTopic().get()));
        }
        connectContext.putAll(RequestContext.CONNECT_ATTRIBUTES, attributes);
        RequestContext context = subject.context();
        List<PreparedAction> publish = evaluator.prepare(subject, PolicyEvaluator.PUBLISH, context);
        List<PreparedAction> retainPublish = evaluator.prepare(subject, PolicyEvaluator.RETAIN_PUBLISH, context);
        List<PreparedAction> receive = evaluator.prepare(subject, PolicyEvaluator.RECEIVE, context);
        String prefix = evaluator.topicArnPrefix();
        boolean publishesEverything = publish.stream().allMatch(set -> set.allowsEverythingUnder(prefix))
                && retainPublish.stream().allMatch(set -> set.allowsEverythingUnder(prefix));
        boolean receivesEverything = receive.stream().allMatch(set -> set.allowsEverythingUnder(prefix));
        Subject connectSubject = new Subject(subject.described(), subject.target(), subject.sets(), connectContext.build(),
                subject.thingNote());
        current = new Prepared(changes, subject, connectSubject,
                evaluator.prepare(subject, PolicyEvaluator.CONNECT, connectSubject.context()),
                publish, retainPublish,
                evaluator.prepare(subject, PolicyEvaluator.SUBSCRIBE, context),
                receive, publishesEverything, receivesEverything);
        prepared = current;
        return current;
    }
}
