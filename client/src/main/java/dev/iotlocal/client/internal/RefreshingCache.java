package dev.iotlocal.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Caches a value that expires, such as temporary credentials, and fetches the next one before it does.
 *
 * <p>Policy: a value is fresh until less than {@code min(margin, half its lifetime)} remains, so that a value
 * that lives a few seconds is still used for half of them. Inside that window readers keep getting the
 * still-valid value while one refresh runs in the background; only once it has expired (or before the
 * first fetch) do readers wait for a refresh. One fetch runs at a time, on this cache's own thread. A
 * background refresh that failed is not retried for {@value #BACKGROUND_RETRY_SECONDS} seconds while the cached
 * value is still valid, so that an outage or a wrong password does not turn every read into another login.
 * Thread-safe.
 *
 * @param <T> the cached value
 */
public final class RefreshingCache<T> implements AutoCloseable {

    /** A value and the instant it stops being valid. */
    public record Expiring<T>(T value, Instant expiration) {
        public Expiring {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiration, "expiration");
        }
    }

    private record Entry<T>(T value, Instant refreshAt, Instant expiration) {}

    static final int BACKGROUND_RETRY_SECONDS = 5;

    private final Supplier<Expiring<T>> source;
    private final Duration margin;
    private final Clock clock;
    private final ExecutorService fetcher;
    private final Object lock = new Object();
    private volatile Entry<T> current;
    private CompletableFuture<T> fetching; // guarded by lock
    private volatile boolean closed;
    private Instant backgroundRetryAt = Instant.MIN; // guarded by lock

    /**
     * @param source     fetches the next value; may block and throw
     * @param margin     refresh this long before expiry (or at half the lifetime, if that comes later)
     * @param clock      the time, for tests
     * @param threadName the name of the fetching thread
     */
    public RefreshingCache(Supplier<Expiring<T>> source, Duration margin, Clock clock, String threadName) {
        this.source = Objects.requireNonNull(source, "source");
        this.margin = Objects.requireNonNull(margin, "margin");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fetcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The cached value, fetching it first if there is none that is still valid; throws what the source throws. */
    public T get() {
        return join(getAsync());
    }

    /** Like {@link #get()}, without blocking: completes once a valid value is at hand. */
    public CompletableFuture<T> getAsync() {
        checkOpen();
        Entry<T> entry = current;
        Instant now = clock.instant();
        if (entry != null && now.isBefore(entry.refreshAt())) {
            return CompletableFuture.completedFuture(entry.value());
        }
        if (entry != null && now.isBefore(entry.expiration())) {
            refreshInBackground();
            return CompletableFuture.completedFuture(entry.value());
        }
        return fetch();
    }

    /** Fetches a new value now, whether or not the cached one is still fresh (or joins a fetch in progress). */
    public T refresh() {
        return join(fetch());
    }

    /** The cached value's expiration, without fetching; null before the first fetch. */
    public Instant expiration() {
        Entry<T> entry = current;
        return entry == null ? null : entry.expiration();
    }

    /** Stops the fetching thread; readers waiting for a fetch, and later reads, fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (lock) {
            // under the lock, so that no fetch is submitted to a stopped thread
            closed = true;
            if (fetching != null) {
                // a fetch that never got to run would otherwise leave its readers waiting for ever
                fetching.completeExceptionally(new IllegalStateException("Closed while fetching"));
            }
        }
        fetcher.shutdownNow();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Closed: nothing can be fetched any more");
        }
    }

    private CompletableFuture<T> fetch() {
        synchronized (lock) {
            checkOpen();
            return fetching != null ? fetching : startFetch();
        }
    }

    /** Starts a fetch unless one runs or a failed one is too recent; readers do not wait for it. */
    private void refreshInBackground() {
        synchronized (lock) {
            checkOpen();
            if (fetching == null && !clock.instant().isBefore(backgroundRetryAt)) {
                startFetch();
            }
        }
    }

    private CompletableFuture<T> startFetch() {
        CompletableFuture<T> started = CompletableFuture.supplyAsync(this::fetchNow, fetcher);
        fetching = started;
        // runs at once if the fetch is already done: the next caller then starts a new one
        started.whenComplete((value, failure) -> {
            synchronized (lock) {
                if (failure != null) {
                    backgroundRetryAt = clock.instant().plusSeconds(BACKGROUND_RETRY_SECONDS);
                }
                if (fetching == started) {
                    fetching = null;
                }
            }
        });
        return started;
    }

    private T fetchNow() {
        Expiring<T> next = source.get();
        Instant fetchedAt = clock.instant();
        Duration lifetime = Duration.between(fetchedAt, next.expiration());
        Duration window = lifetime.dividedBy(2).compareTo(margin) < 0 ? lifetime.dividedBy(2) : margin;
        current = new Entry<>(next.value(), next.expiration().minus(window.isNegative() ? Duration.ZERO : window), next.expiration());
        return next.value();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
