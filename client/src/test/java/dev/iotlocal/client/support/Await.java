package dev.iotlocal.client.support;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for what a client observes, with one timeout for the whole suite. */
public final class Await {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** How long a failed TLS handshake may take to be reported: s2n delays closing it by 10 to 30 s ("blinding"). */
    public static final Duration S2N_BLINDING = Duration.ofSeconds(40);

    private Await() {}

    /** The future's value; its failure's cause is rethrown as is when it is unchecked. */
    public static <T> T result(CompletableFuture<T> future) {
        return result(future, TIMEOUT);
    }

    /** Like {@link #result(CompletableFuture)}, for what takes longer than usual. */
    public static <T> T result(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("Nothing happened within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next element, failing the test if none arrives in time. */
    public static <T> T poll(BlockingQueue<T> queue) {
        try {
            T next = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("Nothing arrived within " + TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
