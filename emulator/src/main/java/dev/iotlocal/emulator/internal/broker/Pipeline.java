package dev.iotlocal.emulator.internal.broker;

import dev.iotlocal.emulator.internal.rules.Check;
import dev.iotlocal.emulator.internal.rules.MqttReasonCode;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;
import dev.iotlocal.emulator.internal.rules.RuleBook;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The ordered checks every CONNECT, PUBLISH, SUBSCRIBE and delivery passes once its door has admitted the
 * connection, in one place:
 * <ol>
 *   <li>AWS IoT's rules that are on, in {@link RuleBook} order;</li>
 *   <li>the IoT policy evaluator, the last of them ({@code IotPolicies}).</li>
 * </ol>
 * The first refusal wins. The broker's hooks ask this and nothing else. Immutable and thread-safe.
 */
final class Pipeline {

    private final List<Check> stages;
    private final boolean checksDeliveries;

    private Pipeline(List<Check> stages) {
        this.stages = List.copyOf(stages);
        this.checksDeliveries = stages.stream().anyMatch(Check::checksDeliveries);
    }

    static Pipeline of(AwsIotRules rules) {
        List<Check> stages = new ArrayList<>(RuleBook.of(rules).on());
        return new Pipeline(stages);
    }

    Refusal connect(Packets.Client client, Packets.Connect connect) {
        return firstRefusal(stage -> stage.connect(client, connect));
    }

    Refusal publish(Packets.Client client, Packets.Publish publish) {
        return firstRefusal(stage -> stage.publish(client, publish));
    }

    Refusal subscribe(Packets.Client client, Packets.Subscribe subscribe, Set<String> sessionSubscriptions) {
        return firstRefusal(stage -> stage.subscribe(client, subscribe, sessionSubscriptions));
    }

    Refusal filter(Packets.Client client, Packets.Filter filter) {
        return firstRefusal(stage -> stage.filter(client, filter));
    }

    int keepAlive(int requestedSeconds) {
        int keepAlive = requestedSeconds;
        for (Check stage : stages) {
            keepAlive = stage.keepAlive(keepAlive);
        }
        return keepAlive;
    }

    String brokerFilter(String clientFilter) {
        String filter = clientFilter;
        for (Check stage : stages) {
            filter = stage.brokerFilter(filter);
        }
        return filter;
    }

    String clientFilter(String brokerFilter) {
        String filter = brokerFilter;
        for (int i = stages.size() - 1; i >= 0; i--) {
            filter = stages.get(i).clientFilter(filter);
        }
        return filter;
    }

    boolean retainAsPublished(boolean requested) {
        boolean retainAsPublished = requested;
        for (Check stage : stages) {
            retainAsPublished = stage.retainAsPublished(retainAsPublished);
        }
        return retainAsPublished;
    }

    /** Whether any stage checks deliveries one by one; when none does, the broker is spared the per-delivery hook. */
    boolean checksDeliveries() {
        return checksDeliveries;
    }

    /** Whether deliveries to this client must be checked one by one, as the account is now. */
    boolean checksDeliveriesTo(Packets.Client client, Set<String> sessionSubscriptions) {
        for (Check stage : stages) {
            if (stage.checksDeliveriesTo(client, sessionSubscriptions)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a PUBLISH of this client may be refused alone, with its reason code in the PUBACK, as the account is now
     * ({@link PublishCheck}). Only a policy denial refuses a PUBLISH alone, and only an MQTT 5 client can be told so:
     * an MQTT 3.1.1 client is disconnected, which the authorizer does.
     */
    boolean refusesPublishesAloneTo(Packets.Client client) {
        for (Check stage : stages) {
            if (stage.refusesPublishesAloneTo(client)) {
                return true;
            }
        }
        return false;
    }

    /** The refusal of one delivery to a client, or null. */
    Refusal receive(Packets.Client client, Packets.Delivery delivery) {
        return firstRefusal(stage -> stage.receive(client, delivery));
    }

    boolean delivers(Packets.Delivery delivery, Set<String> sessionSubscriptions) {
        for (Check stage : stages) {
            if (!stage.delivers(delivery, sessionSubscriptions)) {
                return false;
            }
        }
        return true;
    }

    /** The refusal behind a disconnect the broker made by itself (its own settings enforce some rules), or null. */
    Refusal recognise(MqttReasonCode code, String brokerReason) {
        return firstRefusal(stage -> stage.recognise(code, brokerReason));
    }

    /** The first stage's refusal, in pipeline order, or null when every stage lets the packet through. */
    private Refusal firstRefusal(Function<Check, Refusal> decision) {
        for (Check stage : stages) {
            Refusal refusal = decision.apply(stage);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }
}
