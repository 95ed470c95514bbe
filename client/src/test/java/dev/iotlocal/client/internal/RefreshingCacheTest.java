package dev.iotlocal.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.client.internal.RefreshingCache.Expiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The refresh policy on its own, with a clock the test moves and a source it can hold back. */
class RefreshingCacheTest {

    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Duration HOUR = Duration.ofHours(1);

    private final MovableClock clock = new MovableClock();
    private final Source source = new Source();
    private final RefreshingCache<String> cache = new RefreshingCache<>(source, MARGIN, clock, "test-fetcher");

    @AfterEach
    void close() {
        source.release();
        cache.close();
    }

    @Test
    void freshValueIsServedWithoutFetching() {
        source.release();
        assertThat(cache.get()).isEqualTo("value-1");

        clock.advance(HOUR.minus(MARGIN).minusSeconds(1));

        assertThat(cache.get()).isEqualTo("value-1");
        assertThat(source.fetches()).isEqualTo(1);
    }

    @Test
    void insideTheMarginTheOldValueIsServedWhileOneRefreshRunsBehind() {
        source.release();
        cache.get();
        source.holdBack();

        clock.advance(HOUR.minus(MARGIN).plusSeconds(1));

        // the fetch is held back, yet readers are answered at once, and only one fetch starts
        assertThat(cache.get()).isEqualTo("value-1");
        assertThat(cache.get()).isEqualTo("value-1");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches() == 2);
        source.release();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cache.get().equals("value-2"));
        assertThat(source.fetches()).isEqualTo(2);
    }

    @Test
    void expiredValueMakesReadersWaitForTheNextOne() {
        source.release();
        cache.get();
        source.holdBack();
        clock.advance(HOUR);

        CompletableFuture<String> reader = CompletableFuture.supplyAsync(cache::get);

        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !reader.isDone());
        source.release();
        assertThat(reader.join()).isEqualTo("value-2");
    }

    @Test
    void shortLivedValuesAreRefreshedAtHalfTheirLifetime() {
        source.lifetime = Duration.ofSeconds(4);
        source.release();
        cache.get();

        clock.advance(Duration.ofMillis(1_900));
        assertThat(cache.get()).isEqualTo("value-1");
        assertThat(source.fetches()).isEqualTo(1);

        clock.advance(Duration.ofMillis(200));
        cache.get();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches() == 2);
    }

    @Test
    void concurrentFirstReadersShareOneFetch() throws Exception {
        List<CompletableFuture<String>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(CompletableFuture.supplyAsync(cache::get));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches() == 1);

        source.release();

        for (CompletableFuture<String> reader : readers) {
            assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("value-1");
        }
        assertThat(source.fetches()).isEqualTo(1);
    }

    @Test
    void refreshOnDemandFetchesEvenWhenFresh() {
        source.release();
        cache.get();

        assertThat(cache.refresh()).isEqualTo("value-2");
        assertThat(cache.get()).isEqualTo("value-2");
    }

    @Test
    void failedFetchReachesTheReaderAndTheNextReadTriesAgain() {
        source.release();
        source.failNext = new IllegalStateException("login refused");

        assertThatThrownBy(cache::get).isInstanceOf(IllegalStateException.class).hasMessage("login refused");
        assertThat(cache.get()).isEqualTo("value-2");
    }

    @Test
    void failedBackgroundRefreshIsNotRetriedOnEveryReadButAfterAPause() {
        source.release();
        cache.get();
        clock.advance(HOUR.minus(MARGIN).plusSeconds(1));
        source.failNext = new IllegalStateException("Cognito is down");

        assertThat(cache.get()).isEqualTo("value-1");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches() == 2);
        // the failure is noted once the fetch is over; reads meanwhile get the still-valid value and start nothing
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(cache.get()).isEqualTo("value-1");
            assertThat(source.fetches()).isEqualTo(2);
        });
        for (int read = 0; read < 10; read++) {
            assertThat(cache.get()).isEqualTo("value-1");
        }
        assertThat(source.fetches()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(RefreshingCache.BACKGROUND_RETRY_SECONDS));
        assertThat(cache.get()).isEqualTo("value-1");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cache.get().equals("value-3"));
    }

    @Test
    void closedCacheRefusesReads() {
        source.release();
        cache.get();
        cache.close();

        assertThatThrownBy(cache::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingReleasesReadersWaitingForAFetch() {
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(cache::get);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches() == 1);

        cache.close();

        assertThatThrownBy(reader::join).hasCauseInstanceOf(IllegalStateException.class);
    }

    /** Hands out value-1, value-2, ... each valid for {@link #lifetime} from the clock's now; can be held back. */
    private final class Source implements Supplier<Expiring<String>> {
        private final AtomicInteger fetches = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(1);
        volatile Duration lifetime = HOUR;
        volatile RuntimeException failNext;

        @Override
        public Expiring<String> get() {
            int number = fetches.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            RuntimeException failure = failNext;
            if (failure != null) {
                failNext = null;
                throw failure;
            }
            return new Expiring<>("value-" + number, clock.instant().plus(lifetime));
        }

        int fetches() {
            return fetches.get();
        }

        void holdBack() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-27T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
