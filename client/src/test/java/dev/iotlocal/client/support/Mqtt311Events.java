package dev.iotlocal.client.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;

/** Records what an MQTT 3.1.1 connection reports, so that tests can wait for it. */
public final class Mqtt311Events implements MqttClientConnectionEvents {

    private final List<Integer> interruptions = new CopyOnWriteArrayList<>();
    private final List<Boolean> resumptions = new CopyOnWriteArrayList<>();

    @Override
    public void onConnectionInterrupted(int errorCode) {
        interruptions.add(errorCode);
    }

    @Override
    public void onConnectionResumed(boolean sessionPresent) {
        resumptions.add(sessionPresent);
    }

    /** The CRT error codes of the interruptions of an established connection. */
    public List<Integer> interruptions() {
        return interruptions;
    }

    /** One entry per reconnect after an interruption. */
    public List<Boolean> resumptions() {
        return resumptions;
    }
}
