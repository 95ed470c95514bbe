package dev.iotlocal.client.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt.OnConnectionSuccessReturn;

/** Records what an MQTT 3.1.1 connection reports, so that tests can wait for it. */
public final class Mqtt311Events implements MqttClientConnectionEvents {

    private final List<Integer> interruptions = new CopyOnWriteArrayList<>();
    private final List<Boolean> resumptions = new CopyOnWriteArrayList<>();
    private final List<Boolean> successes = new CopyOnWriteArrayList<>();
    private final List<Integer> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onConnectionInterrupted(int errorCode) {
        interruptions.add(errorCode);
    }

    @Override
    public void onConnectionResumed(boolean sessionPresent) {
        resumptions.add(sessionPresent);
    }

    @Override
    public void onConnectionSuccess(OnConnectionSuccessReturn data) {
        successes.add(data.getSessionPresent());
    }

    @Override
    public void onConnectionFailure(OnConnectionFailureReturn data) {
        failures.add(data.getErrorCode());
    }

    /** The CRT error codes of the interruptions of an established connection. */
    public List<Integer> interruptions() {
        return interruptions;
    }

    /** One entry per reconnect after an interruption. */
    public List<Boolean> resumptions() {
        return resumptions;
    }

    /** One entry per successful connection, the first one included. */
    public List<Boolean> successes() {
        return successes;
    }

    /** The CRT error codes of failed connection attempts. */
    public List<Integer> failures() {
        return failures;
    }
}
