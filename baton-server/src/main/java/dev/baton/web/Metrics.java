package dev.baton.web;

import dev.baton.auth.SecretHasher;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockListener;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.baton.notify.Notifier;
import dev.baton.notify.OutboxState;
import dev.baton.progress.ProgressService;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;

/**
 * The Prometheus metrics at {@code /metrics}:
 * <ul>
 *   <li>{@code baton_lock_holders}, {@code baton_lock_waiters}, {@code baton_lock_slots},
 *       {@code baton_lock_stale} per lock (refreshed at each scrape);</li>
 *   <li>{@code baton_lock_events_total} per event type and protocol (grants are {@code type="acquire"},
 *       refusals {@code type="refuse"});</li>
 *   <li>{@code baton_http_server_requests_seconds} per method, route and status, with p50/p99;</li>
 *   <li>{@code baton_lock_stale_holders} (holders held longer than their lock's stale_after, fleet-wide) and
 *       {@code baton_lock_stale_longest_hold_seconds} (the longest of those holds; 0 when none);</li>
 *   <li>{@code baton_hosts_failed}: hosts whose agent's latest report is a failure;</li>
 *   <li>{@code baton_notify_outbox_pending} (notifications waiting to be sent or retried) and
 *       {@code baton_notify_outbox_dead} (dead letters: given up after their last try);</li>
 *   <li>{@code baton_auth_slow_hashes_total}, {@code baton_auth_slow_hashes_running} and
 *       {@code baton_auth_slow_hashes_waiting}: password and secret checks that missed the cache (a fleet
 *       authenticating at once shows here).</li>
 * </ul>
 * Lock names become label values; Baton's name rules keep them safe as labels.
 */
public final class Metrics implements LockListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge holders = MultiGauge.builder("baton_lock_holders").description("holders per lock").register(registry);
    private final MultiGauge waiters = MultiGauge.builder("baton_lock_waiters").description("waiters per lock").register(registry);
    private final MultiGauge slots = MultiGauge.builder("baton_lock_slots").description("slots per lock").register(registry);
    private final MultiGauge stale = MultiGauge.builder("baton_lock_stale").description("1 when a holder of the lock is stale").register(registry);
    private final AtomicLong staleHolders = gauge("baton_lock_stale_holders",
            "holders held longer than their lock's stale_after");
    private final AtomicLong longestStaleHold = gauge("baton_lock_stale_longest_hold_seconds",
            "the longest hold among holders past their lock's stale_after, in seconds; 0 when none");
    private final AtomicLong failedHosts = gauge("baton_hosts_failed", "hosts whose agent's latest report is a failure");
    private final AtomicLong outboxPending = gauge("baton_notify_outbox_pending",
            "notifications waiting to be sent or retried");
    private final AtomicLong outboxDead = gauge("baton_notify_outbox_dead",
            "notifications given up after their last try (dead letters)");
    private LockReader locks;
    private Notifier notifier;
    private ProgressService progress;

    private AtomicLong gauge(String name, String description) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).description(description).register(registry);
        return value;
    }

    /** The outbox and the agents' reports, for the notification and failure gauges. */
    public void attach(Notifier outbox, ProgressService reports) {
        this.notifier = outbox;
        this.progress = reports;
    }

    public void attach(LockReader reader) {
        this.locks = reader;
    }

    public void attach(SecretHasher hasher) {
        FunctionCounter.builder("baton_auth_slow_hashes", hasher, SecretHasher::computed)
                .description("slow hashes computed (password and secret checks that missed the cache)").register(registry);
        Gauge.builder("baton_auth_slow_hashes_running", hasher, SecretHasher::running)
                .description("slow hashes (password and secret checks that missed the cache) being computed").register(registry);
        Gauge.builder("baton_auth_slow_hashes_waiting", hasher, SecretHasher::waiting)
                .description("slow hashes waiting for their turn").register(registry);
    }

    @Override
    public void committed(LockEvent event) {
        Counter.builder("baton_lock_events_total").description("lock events by type and protocol")
                .tags("type", event.type().wireName(), "protocol", event.protocol().wireName())
                .register(registry).increment();
        if (event.type() == EventType.STALE) {
            Counter.builder("baton_lock_stale_reports_total").register(registry).increment();
        }
    }

    public void recordRequest(String method, String route, int status, Duration took) {
        Timer.builder("baton_http_server_requests").description("HTTP requests by route")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(took);
    }

    /** The text exposition, with the per-lock gauges refreshed from the store first. */
    public String scrape() {
        if (locks != null) {
            List<LockView> views = locks.list();
            holders.register(rows(views, v -> v.holders().size()), true);
            waiters.register(rows(views, v -> v.waiters().size()), true);
            slots.register(rows(views, LockView::slots), true);
            stale.register(rows(views, v -> v.stale() ? 1 : 0), true);
            Instant now = Instant.now();
            var staleHolds = views.stream().flatMap(v -> v.holders().stream()).filter(LockView.HolderView::stale).toList();
            staleHolders.set(staleHolds.size());
            longestStaleHold.set(staleHolds.stream().mapToLong(h -> Duration.between(h.acquiredAt(), now).toSeconds())
                    .max().orElse(0));
        }
        if (progress != null) {
            failedHosts.set(progress.fleet().stream().filter(ProgressService::isFailure).count());
        }
        if (notifier != null) {
            var counts = notifier.counts();
            outboxPending.set(counts.get(OutboxState.PENDING));
            outboxDead.set(counts.get(OutboxState.DEAD));
        }
        return registry.scrape();
    }

    private static List<MultiGauge.Row<?>> rows(List<LockView> views, java.util.function.ToIntFunction<LockView> value) {
        return views.stream().<MultiGauge.Row<?>>map(v -> MultiGauge.Row.of(Tags.of("lock", v.name()), value.applyAsInt(v))).toList();
    }
}
