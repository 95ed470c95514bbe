package dev.iotlocal.emulator.internal.shadow;

import dev.iotlocal.emulator.internal.broker.ServiceRequests;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Shadow requests published over MQTT, taken from the broker's thread and answered in order on the service's own
 * thread. A request is in flight from the moment the broker accepts it until its answer is handed back to the broker;
 * a connection with {@value #MAXIMUM_IN_FLIGHT} in flight gets 429 for the next, as AWS IoT answers. Requests can be
 * held (a fault), to see what a device does when the service is slow. Thread-safe.
 */
public final class MqttShadowRequests implements ServiceRequests, AutoCloseable {

    /** AWS IoT's limit of requests in flight on one connection. */
    static final int MAXIMUM_IN_FLIGHT = 10;

    private final ShadowService service;
    private final ExecutorService answering = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "iot-local-shadow");
        thread.setDaemon(true);
        return thread;
    });
    /** Requests in flight by client id; a client with none has no entry. */
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();
    /** Guarded by itself: the requests held while the fault lasts, oldest first, or null when not holding. */
    private final Object holding = new Object();
    private List<Runnable> held;

    public MqttShadowRequests(ShadowService service) {
        this.service = service;
    }

    @Override
    public void received(String clientId, String topic, ByteBuffer payload) {
        ShadowTopics.Request request = ShadowTopics.parse(topic);
        if (request == null) {
            return;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        ShadowKey key;
        try {
            key = ShadowKey.of(request.thingName(), request.shadowName());
        } catch (ShadowRejection invalid) {
            ShadowKey asPublished = new ShadowKey(request.thingName(), request.shadowName());
            execute(() -> service.rejectMqtt(asPublished, request.operation(), bytes, clientId, invalid.code(), invalid.message(),
                    invalid.explanation()));
            return;
        }
        if (clientId.isEmpty()) {
            // an HTTPS publish to a request topic: there is no connection to count against
            hold(() -> service.answerMqtt(key, request.operation(), bytes, clientId));
            return;
        }
        int requests = inFlight.merge(clientId, 1, Integer::sum);
        if (requests > MAXIMUM_IN_FLIGHT) {
            finished(clientId);
            execute(() -> service.rejectMqtt(key, request.operation(), bytes, clientId, 429, "Too Many Requests",
                    "client '" + clientId + "' has " + MAXIMUM_IN_FLIGHT + " shadow requests in flight; AWS IoT answers the next"
                            + " with 429 until one is answered"));
            return;
        }
        hold(() -> {
            try {
                service.answerMqtt(key, request.operation(), bytes, clientId);
            } finally {
                finished(clientId);
            }
        });
    }

    private void finished(String clientId) {
        inFlight.computeIfPresent(clientId, (client, count) -> count == 1 ? null : count - 1);
    }

    /** Runs the answer now, or later when answers are held. */
    private void hold(Runnable answer) {
        synchronized (holding) {
            if (held != null) {
                held.add(answer);
                return;
            }
        }
        execute(answer);
    }

    private void execute(Runnable task) {
        try {
            answering.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException bug) {
                    ShadowService.LOG.error("A shadow request could not be answered", bug);
                }
            });
        } catch (RejectedExecutionException closed) {
            ShadowService.LOG.debug("A shadow request arrived while the emulator closed; not answered");
        }
    }

    /** From now on, no request is answered until {@link #release()}. */
    public void holdAnswers() {
        synchronized (holding) {
            if (held == null) {
                held = new ArrayList<>();
            }
        }
    }

    /** Answers the held requests, in order, and every later one at once. */
    public void release() {
        List<Runnable> release;
        synchronized (holding) {
            release = held;
            held = null;
        }
        if (release != null) {
            release.forEach(this::execute);
        }
    }

    @Override
    public void close() {
        answering.shutdown();
        try {
            answering.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
