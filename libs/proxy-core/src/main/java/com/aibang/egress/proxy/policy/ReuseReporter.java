package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.ReusedDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Collects the decisions a proxy reused from its decision cache and reports them to the policy-service
 * ({@code ReportReuse}) every {@link Settings#interval()}, or as soon as a batch is full, so reuses are counted in
 * the rate limits (at most one interval late) and each reused decision gets a decision-log entry.
 *
 * <p>Recording a reuse ({@link #reused}) runs on the event loop: it only touches a concurrent map and one small
 * lock, never the network. Memory is bounded: at most {@link Settings#maxPending()} decisions wait to be
 * reported; beyond that a reuse is declined and the caller asks the policy-service instead (so nothing goes
 * unrecorded). Sending runs on one daemon thread of its own; a failed batch is sent again up to
 * {@link Settings#attempts()} times, then dropped, counted in {@link #DROPPED} and logged with its decision ids.
 */
public final class ReuseReporter implements AutoCloseable {

    /** Reuses the policy-service acknowledged. */
    public static final String REPORTED = "proxy.policy.reuse.reported";
    /** Reuses whose report was lost, by reason. */
    public static final String DROPPED = "proxy.policy.reuse.dropped";
    /** Reuses not made because too many decisions were waiting to be reported (the policy-service was asked). */
    public static final String DECLINED = "proxy.policy.reuse.declined";
    /** Reused decisions waiting to be reported (being collected, sent or retried). */
    public static final String PENDING = "proxy.policy.reuse.pending";
    /** {@link #DROPPED} reason: the policy-service refused the report as invalid or cannot take reports. */
    public static final String DROPPED_REJECTED = "rejected";
    /** {@link #DROPPED} reason: every attempt to send failed. */
    public static final String DROPPED_FAILED = "failed";
    /** {@link #DROPPED} reason: still unsent when the proxy stopped. */
    public static final String DROPPED_SHUTDOWN = "shutdown";

    private static final Logger LOG = Logger.getLogger(ReuseReporter.class);
    private static final int LOGGED_IDS = 10;

    /**
     * @param interval how often collected reuses are sent
     * @param batchSize most reused decisions in one report; a full batch is sent at once
     * @param maxRequestIds most request ids listed per reused decision and report (the rest are counted)
     * @param maxPending most reused decisions waiting to be reported; further reuses are declined
     * @param attempts sends of one report before it is dropped
     * @param closeTimeout longest wait for the last reports when the proxy stops
     */
    public record Settings(Duration interval, int batchSize, int maxRequestIds, int maxPending, int attempts,
            Duration closeTimeout) {

        public Settings {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("report interval must be positive, got " + interval);
            }
            requireAtLeast("report batch size", batchSize, 1);
            requireAtLeast("report max request ids", maxRequestIds, 0);
            requireAtLeast("report max pending", maxPending, 1);
            requireAtLeast("report attempts", attempts, 1);
            if (closeTimeout == null || closeTimeout.isNegative()) {
                throw new IllegalArgumentException("report close timeout must not be negative, got " + closeTimeout);
            }
        }

        /**
         * Interval, request ids and pending as {@link PolicyClientSettings.ReuseReport} declares them (1 s, 20,
         * 10,000); 500 decisions per report, 3 attempts, 5 s at close.
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(PolicyClientSettings.ReuseReport.INTERVAL_SECONDS), 500,
                    PolicyClientSettings.ReuseReport.MAX_REQUEST_IDS, PolicyClientSettings.ReuseReport.MAX_PENDING, 3,
                    Duration.ofSeconds(5));
        }

        private static void requireAtLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
            }
        }
    }

    /** One decision reused for one cache key. */
    private record TallyKey(String decisionId, CheckRequest request) {
    }

    /** A report being sent; {@code attempt} counts from 1. */
    private record Batch(ReuseReport report, int reuses, int attempt) {
    }

    private final Settings settings;
    private final Function<ReuseReport, CompletableFuture<ReuseAck>> sender;
    private final ReuseMeters meters;
    private final LongSupplier wallClockMillis;
    private final Map<TallyKey, ReuseTally> open = new ConcurrentHashMap<>();
    private final Queue<Batch> retries = new ConcurrentLinkedQueue<>();
    private final Set<CompletableFuture<ReuseAck>> inFlight = ConcurrentHashMap.newKeySet();
    /** Decisions collected, being sent or waiting to be sent again. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final ScheduledExecutorService thread;
    private volatile boolean closed;

    /**
     * @param sender sends one report without blocking (e.g. {@link PolicyGate#reportReuse})
     * @param meters where {@link #REPORTED}, {@link #DROPPED}, {@link #DECLINED} and {@link #PENDING} go
     * @param threadName name of the sending thread
     */
    public ReuseReporter(Settings settings, Function<ReuseReport, CompletableFuture<ReuseAck>> sender,
            ReuseMeters meters, String threadName, LongSupplier wallClockMillis) {
        this.settings = settings;
        this.sender = sender;
        this.meters = meters;
        this.wallClockMillis = wallClockMillis;
        meters.watchPending(pending);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread sending = new Thread(runnable, threadName);
            sending.setDaemon(true);
            return sending;
        });
        long every = settings.interval().toNanos();
        thread.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Records that {@code decision}, stored for {@code key}, answered {@code request}. Never blocks.
     *
     * @return false when the reuse cannot be recorded (too many pending, or stopping): do not reuse, ask instead
     */
    public boolean reused(CheckRequest request, CheckRequest key, CheckResponse decision) {
        TallyKey tallyKey = new TallyKey(decision.getDecisionId(), key);
        long now = wallClockMillis.getAsLong();
        while (!closed) {
            ReuseTally tally = open.get(tallyKey);
            if (tally == null) {
                if (pending.get() >= settings.maxPending()) {
                    meters.declined();
                    return false;
                }
                ReuseTally fresh = new ReuseTally(decision, key, !request.getRecheckOf().isEmpty());
                tally = open.putIfAbsent(tallyKey, fresh);
                if (tally == null) {
                    tally = fresh;
                    pending.incrementAndGet();
                    if (open.size() >= settings.batchSize()) {
                        flushSoon();
                    }
                }
            }
            if (tally.add(request.getRequestId(), now, settings.maxRequestIds())) {
                return true;
            }
            // A flush took this tally between the lookup and the add: start the next one.
        }
        return false;
    }

    /** Decisions waiting to be reported. */
    public int pending() {
        return pending.get();
    }

    /**
     * Sends what was collected and waits (up to the close timeout) for the answers, retrying failed reports within
     * that time; whatever is still unsent is dropped, counted and logged. Reuses recorded afterwards are declined.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        try {
            for (int round = 0; round < settings.attempts(); round++) {
                thread.submit(this::flushQuietly).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                awaitInFlight(deadline);
                if (retries.isEmpty() && inFlight.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warnf("reuse reports not all sent at shutdown: %s", e.toString());
        }
        thread.shutdownNow();
        Batch left;
        while ((left = retries.poll()) != null) {
            drop(left, DROPPED_SHUTDOWN, "the proxy stopped");
        }
        List<ReusedDecision> unsent = drainOpen(Integer.MAX_VALUE);
        if (!unsent.isEmpty()) {
            drop(batch(unsent, 1), DROPPED_SHUTDOWN, "the proxy stopped");
        }
    }

    private void awaitInFlight(long deadline) throws InterruptedException {
        for (CompletableFuture<ReuseAck> sending : List.copyOf(inFlight)) {
            try {
                sending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // Handled by the report's own completion.
            } catch (TimeoutException e) {
                return;
            }
        }
    }

    private void flushSoon() {
        if (flushQueued.compareAndSet(false, true) && !closed) {
            try {
                thread.execute(this::flushQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushQueued.set(false);
            }
        }
    }

    /** On the sending thread: retries first, then what was collected, in batches. */
    private void flushQuietly() {
        flushQueued.set(false);
        try {
            Batch retry;
            List<Batch> again = new ArrayList<>();
            while ((retry = retries.poll()) != null) {
                again.add(retry);
            }
            again.forEach(this::send);
            List<ReusedDecision> items;
            while (!(items = drainOpen(settings.batchSize())).isEmpty()) {
                send(batch(items, 1));
            }
        } catch (RuntimeException e) {
            // Never let one failure end the schedule.
            LOG.errorf(e, "sending reuse reports failed");
        }
    }

    private List<ReusedDecision> drainOpen(int most) {
        List<ReusedDecision> items = new ArrayList<>();
        for (TallyKey key : open.keySet()) {
            if (items.size() >= most) {
                break;
            }
            ReuseTally tally = open.remove(key);
            if (tally != null) {
                items.add(tally.seal());
            }
        }
        return items;
    }

    private Batch batch(List<ReusedDecision> items, int attempt) {
        int reuses = items.stream().mapToInt(ReusedDecision::getCount).sum();
        ReuseReport report = ReuseReport.newBuilder().setReportId(UUID.randomUUID().toString()).addAllItems(items)
                .build();
        return new Batch(report, reuses, attempt);
    }

    private void send(Batch batch) {
        CompletableFuture<ReuseAck> sending;
        try {
            sending = sender.apply(batch.report());
        } catch (RuntimeException e) {
            sending = CompletableFuture.failedFuture(e);
        }
        inFlight.add(sending);
        CompletableFuture<ReuseAck> sent = sending;
        sending.whenComplete((ack, error) -> {
            if (error == null) {
                meters.reported(batch.reuses());
                pending.addAndGet(-batch.report().getItemsCount());
            } else {
                failed(batch, error);
            }
            inFlight.remove(sent);
        });
    }

    private void failed(Batch batch, Throwable error) {
        if (ReportFailures.isFinal(error)) {
            drop(batch, DROPPED_REJECTED, ReportFailures.describe(error));
        } else if (batch.attempt() >= settings.attempts()) {
            drop(batch, DROPPED_FAILED, ReportFailures.describe(error));
        } else if (thread.isShutdown()) {
            // Answered after close() gave up waiting: nobody would send it again.
            drop(batch, DROPPED_SHUTDOWN, ReportFailures.describe(error));
        } else {
            retries.add(new Batch(batch.report(), batch.reuses(), batch.attempt() + 1));
        }
    }

    private void drop(Batch batch, String reason, String why) {
        pending.addAndGet(-batch.report().getItemsCount());
        meters.dropped(reason, batch.reuses());
        List<String> ids = batch.report().getItemsList().stream().limit(LOGGED_IDS)
                .map(item -> item.getDecision().getDecisionId()).toList();
        LOG.warnf("reuse report %s dropped (%s: %s): %d reuse(s) of %d decision(s) not counted by the policy-service;"
                + " decisions %s%s", batch.report().getReportId(), reason, why, batch.reuses(),
                batch.report().getItemsCount(), ids, batch.report().getItemsCount() > LOGGED_IDS ? " ..." : "");
    }
}
