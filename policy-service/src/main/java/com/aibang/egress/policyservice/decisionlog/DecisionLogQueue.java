package com.aibang.egress.policyservice.decisionlog;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;

/**
 * Bounded queue in front of one writer thread, which renders each entry (JSON, masking), chains,
 * writes and flushes it, so the request thread only hands over a compact entry.
 * {@link #submitAsync} never blocks its caller: when the queue is full, a back-pressure thread waits
 * up to the enqueue timeout for room and then refuses (never a silent drop). The returned future
 * completes once the entry is queued, or with wait-for-write once it is written and flushed (group
 * commit: one flush per batch), so an answered decision is on record even if the process is then
 * killed. {@link #close} stops accepting, writes every accepted entry and flushes.
 * <p>
 * A caller that runs on an event loop can do the writing itself ({@link #submitAsync(Entry, Executor)}):
 * the entry is queued without waking the writer thread and a task on the caller's loop writes and flushes
 * whatever is queued by then, so with wait-for-write a Check costs no thread hop and no wake-up in either
 * direction, and no third thread competes for the cores. Whoever drains holds one lock, so the chain and the
 * flush-before-completion order are the same as on the writer thread, which still drains what nobody else
 * took (other callers, back-pressure, shutdown) and, every 50 ms, what loops left without progress.
 */
public final class DecisionLogQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionLogQueue.class);
    private static final int BATCH = 512;
    private static final long WRITE_GUARD_SECONDS = 30;
    private static final long IDLE_WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One decision as handed to the writer thread. */
    public interface Entry {
        /** Called once, on the writer thread: the JSON object to log (without prev_hash). */
        byte[] render();
    }

    private final DecisionLogWriter writer;
    private final BlockingQueue<Pending> queue;
    private final boolean waitForWrite;
    private final long enqueueTimeoutNanos;
    private final ReentrantReadWriteLock acceptLock = new ReentrantReadWriteLock();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong renderFailures = new AtomicLong();
    /** Held by whoever drains (writer thread or a caller's loop), from taking entries until their futures complete. */
    private final ReentrantLock drainLock = new ReentrantLock();
    private final List<Pending> batch = new ArrayList<>(BATCH);
    /** Set before waking the writer thread: it must drain now (otherwise it only takes entries nobody else took). */
    private volatile boolean wakeRequested;
    /** Per submitting loop: its drain task, so a loop turn queues one task however many Checks it answers. */
    private final ThreadLocal<LoopDrain> loopDrains = ThreadLocal.withInitial(LoopDrain::new);
    /** Entries taken from the queue by anyone, so the writer thread can tell whether loops are draining. */
    private final AtomicLong taken = new AtomicLong();
    private final Thread thread;
    private final ExecutorService backPressure;
    /** Set first by close(): new entries are refused without touching the lock. */
    private volatile boolean closing;
    /** Cleared under the write lock: after that no entry can still be on its way into the queue. */
    private volatile boolean accepting = true;

    /** Without waiting for the write: entries are on record once queued (flushed on close). */
    public DecisionLogQueue(DecisionLogWriter writer, int capacity, Duration enqueueTimeout) {
        this(writer, capacity, enqueueTimeout, false);
    }

    /** @param waitForWrite the future of {@link #submitAsync} completes only after the entry was written and flushed */
    public DecisionLogQueue(DecisionLogWriter writer, int capacity, Duration enqueueTimeout, boolean waitForWrite) {
        if (capacity < 1) {
            throw new IllegalArgumentException("policy.decision-log.queue-capacity must be at least 1, got " + capacity);
        }
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.enqueueTimeoutNanos = enqueueTimeout.toNanos();
        this.waitForWrite = waitForWrite;
        // One thread is enough: waiters hold absolute deadlines, so waiting in turn never extends a wait.
        this.backPressure = Executors.newSingleThreadExecutor(runnable -> {
            Thread waiter = new Thread(runnable, "decision-log-back-pressure");
            waiter.setDaemon(true);
            return waiter;
        });
        // A Netty thread: with wait-for-write this thread sends the gRPC replies, and only Netty threads get a
        // pooled-buffer cache (elsewhere every reply's buffers come from the shared, locked arenas).
        this.thread = new FastThreadLocalThread(this::drainLoop, "decision-log-writer");
        this.thread.start();
    }

    /**
     * Hands one entry to the writer without blocking. The future fails with
     * {@link DecisionLogUnavailableException} when the queue stayed full for the enqueue timeout,
     * the log is closed, or (waiting for the write) the write failed: the decision must not be answered.
     */
    public CompletableFuture<Void> submitAsync(Entry entry) {
        return submitAsync(entry, null);
    }

    /**
     * Like {@link #submitAsync(Entry)}; with wait-for-write and a {@code drainer} (the caller's event loop, which
     * runs tasks later on the calling thread), the entry is written by a task on {@code drainer} instead of the
     * writer thread, together with every entry queued before that task runs (group commit per loop turn; a loop has
     * at most one such task queued). Without wait-for-write the drainer is not used.
     */
    public CompletableFuture<Void> submitAsync(Entry entry, Executor drainer) {
        Pending pending = new Pending(entry, System.nanoTime() + enqueueTimeoutNanos);
        if (closing || !acceptLock.readLock().tryLock()) {
            pending.fail(closed());
            return pending.done;
        }
        boolean queued;
        try {
            if (!accepting) {
                pending.fail(closed());
                return pending.done;
            }
            queued = queue.offer(pending);
        } finally {
            acceptLock.readLock().unlock();
        }
        if (!queued) {
            waitForRoom(pending);
        } else if (waitForWrite && drainer != null) {
            drainOn(drainer);
        } else {
            acknowledgeQueued(pending);
            wakeWriter();
        }
        return pending.done;
    }

    private void drainOn(Executor drainer) {
        LoopDrain drain = loopDrains.get();
        if (drain.scheduled) {
            // This loop's drain task is queued and not started: it writes this entry too (one task per loop turn).
            return;
        }
        drain.scheduled = true;
        try {
            drainer.execute(drain);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: the writer thread takes the entry.
            drain.scheduled = false;
            wakeWriter();
        }
    }

    /**
     * The drain task of one submitting thread (an event loop), queued at most once at a time: Checks answered in the
     * same loop turn share it. Only that thread touches {@link #scheduled}, since the drainer runs it on that thread.
     */
    private final class LoopDrain implements Runnable {
        boolean scheduled;

        @Override
        public void run() {
            // Cleared first: a Check answered after this task started needs a task of its own.
            scheduled = false;
            drainQueued();
        }
    }

    /** Writes, flushes and completes every entry queued now, on the calling thread (see {@link #submitAsync(Entry, Executor)}). */
    public void drainQueued() {
        if (queue.isEmpty()) {
            return;
        }
        if (!drainLock.tryLock()) {
            // Never wait on the loop: the holder drains until the queue is empty, and the writer thread takes
            // what arrives after the holder's last look.
            wakeWriter();
            return;
        }
        try {
            drainBatches();
        } finally {
            drainLock.unlock();
        }
    }

    private void wakeWriter() {
        wakeRequested = true;
        LockSupport.unpark(thread);
    }

    /** Under the drain lock: writes batches until the queue is empty. */
    private void drainBatches() {
        int count;
        while ((count = queue.drainTo(batch, BATCH)) > 0) {
            taken.addAndGet(count);
            try {
                writeBatch(batch);
            } finally {
                batch.clear();
            }
        }
    }

    /** Like {@link #submitAsync} for an already serialised entry, waiting for the outcome (tools, tests). */
    public void submit(byte[] jsonObject) {
        await(submitAsync(() -> jsonObject));
    }

    /** Blocks until the future of {@link #submitAsync} completes, rethrowing its failure. */
    public void await(CompletableFuture<Void> done) {
        try {
            // Bounded by the writer, which always completes what it took; the guard only covers a wedged disk.
            done.get(WRITE_GUARD_SECONDS + TimeUnit.NANOSECONDS.toSeconds(enqueueTimeoutNanos), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionLogUnavailableException(false, "interrupted while waiting for the decision log");
        } catch (TimeoutException e) {
            throw new DecisionLogUnavailableException(false, "decision log write did not complete within "
                    + WRITE_GUARD_SECONDS + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DecisionLogUnavailableException unavailable) {
                throw unavailable;
            }
            throw new DecisionLogUnavailableException(false, "decision log entry not written: " + e.getCause());
        }
    }

    private void acknowledgeQueued(Pending pending) {
        if (!waitForWrite) {
            pending.done.complete(null);
        }
    }

    private void waitForRoom(Pending pending) {
        // Room is made by draining: make sure the writer thread is at it.
        wakeWriter();
        try {
            backPressure.execute(() -> enqueueBlocking(pending));
        } catch (RejectedExecutionException e) {
            pending.fail(closed());
        }
    }

    private void enqueueBlocking(Pending pending) {
        acceptLock.readLock().lock();
        try {
            if (!accepting) {
                pending.fail(closed());
                return;
            }
            long remaining = pending.deadline - System.nanoTime();
            boolean queued = queue.offer(pending, Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            wakeWriter();
            if (!queued) {
                rejected.incrementAndGet();
                pending.fail(new DecisionLogUnavailableException(true, "decision log queue is full (" + queue.size()
                        + " entries waiting)"));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rejected.incrementAndGet();
            pending.fail(new DecisionLogUnavailableException(false, "interrupted while waiting for the decision log queue"));
            return;
        } finally {
            acceptLock.readLock().unlock();
        }
        acknowledgeQueued(pending);
    }

    private static DecisionLogUnavailableException closed() {
        return new DecisionLogUnavailableException(false, "decision log is closed (shutting down)");
    }

    /** Entries waiting to be written. */
    public int depth() {
        return queue.size();
    }

    /** Entries refused because the queue stayed full (the caller got an error instead of a decision). */
    public long rejected() {
        return rejected.get();
    }

    /** Entries a sink could not write (or that could not be rendered). */
    public long writeFailures() {
        return writer.writeFailures() + renderFailures.get();
    }

    /** Entries handed to the sinks since start. */
    public long written() {
        return written.get();
    }

    public String target() {
        return writer.target();
    }

    /** Stops accepting, writes and flushes everything accepted, closes the outputs. */
    @Override
    public void close() {
        closing = true;
        // Waits for entries on their way into the queue (at most the enqueue timeout of a waiter).
        acceptLock.writeLock().lock();
        try {
            accepting = false;
        } finally {
            acceptLock.writeLock().unlock();
        }
        backPressure.shutdown();
        wakeWriter();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.errorf("interrupted while flushing the decision log; %d entries not written", queue.size());
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.errorf("closing decision log %s failed: %s", writer.target(), e.getMessage());
        }
    }

    /**
     * The writer thread: sleeps until woken ({@link #wakeWriter}) or for at most {@link #IDLE_WAKE_NANOS}, then
     * writes what is queued (after a timed wake only if nobody took an entry since the previous look). It leaves only once intake has stopped and, under the drain lock, nothing is left
     * (so no loop is still writing when {@link #close} closes the outputs).
     */
    private void drainLoop() {
        long takenAtLastLook = -1;
        while (true) {
            boolean woken = wakeRequested;
            wakeRequested = false;
            // On a periodic look, leave entries to the loops that queued them as long as the loops make progress:
            // taking the lock here would only make their drain tasks give way to this thread.
            long takenNow = taken.get();
            boolean stuck = takenNow == takenAtLastLook;
            takenAtLastLook = takenNow;
            if (queue.isEmpty() || !(woken || stuck || !accepting)) {
                if (!accepting && finished()) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_WAKE_NANOS);
                // Never abandon accepted entries: an interrupt only means another look at the queue.
                Thread.interrupted();
                continue;
            }
            drainLock.lock();
            try {
                drainBatches();
            } finally {
                drainLock.unlock();
            }
        }
    }

    private boolean finished() {
        drainLock.lock();
        try {
            drainBatches();
            return queue.isEmpty();
        } finally {
            drainLock.unlock();
        }
    }

    private void writeBatch(List<Pending> batch) {
        // Indexed loops: usually a batch of one per loop turn, and an iterator per pass is garbage per Check.
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            Pending entry = batch.get(i);
            byte[] json;
            try {
                json = entry.entry.render();
            } catch (RuntimeException e) {
                renderFailures.incrementAndGet();
                entry.failure = "cannot render the entry: " + e;
                LOG.errorf("decision log entry not written (%d failures so far): %s", writeFailures(), entry.failure);
                continue;
            }
            try {
                writer.writeSerialized(json);
                written.incrementAndGet();
            } catch (RuntimeException e) {
                entry.failure = e.getMessage();
                LOG.errorf("decision log entry not written (%d failures so far): %s", writeFailures(), e.getMessage());
            }
        }
        String flushFailure = null;
        try {
            writer.flush();
        } catch (RuntimeException e) {
            flushFailure = e.getMessage();
            LOG.errorf("decision log flush failed (%d failures so far): %s", writer.writeFailures(), e.getMessage());
        }
        if (!waitForWrite) {
            return;
        }
        for (int i = 0; i < size; i++) {
            Pending entry = batch.get(i);
            String failure = entry.failure != null ? entry.failure : flushFailure;
            if (failure == null) {
                entry.done.complete(null);
            } else {
                entry.fail(new DecisionLogUnavailableException(false, "decision log entry not written: " + failure));
            }
        }
    }

    /** One entry on its way to the writer, the latest moment it may enter the queue, and its outcome. */
    private static final class Pending {
        final Entry entry;
        final long deadline;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        String failure;

        Pending(Entry entry, long deadline) {
            this.entry = entry;
            this.deadline = deadline;
        }

        void fail(DecisionLogUnavailableException e) {
            done.completeExceptionally(e);
        }
    }
}
