package com.aibang.egress.policyservice.decisionlog;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;

/**
 * Bounded queue in front of one writer thread. {@link #submit} waits up to the enqueue timeout
 * when the queue is full and then refuses (back-pressure, never a silent drop); with
 * wait-for-write it also returns only once the entry is written and flushed (group commit: one
 * flush per batch), so an answered decision is on record even if the process is then killed.
 * {@link #close} stops accepting, writes every accepted entry and flushes.
 */
public final class DecisionLogQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionLogQueue.class);
    private static final int BATCH = 512;
    private static final long WRITE_GUARD_SECONDS = 30;

    private final DecisionLogWriter writer;
    private final BlockingQueue<Pending> queue;
    private final boolean waitForWrite;
    private final long enqueueTimeoutNanos;
    private final ReentrantReadWriteLock acceptLock = new ReentrantReadWriteLock();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean accepting = true;

    /** Without waiting for the write: entries are on record once queued (flushed on close). */
    public DecisionLogQueue(DecisionLogWriter writer, int capacity, Duration enqueueTimeout) {
        this(writer, capacity, enqueueTimeout, false);
    }

    /** @param waitForWrite {@link #submit} returns only after the entry was written and flushed */
    public DecisionLogQueue(DecisionLogWriter writer, int capacity, Duration enqueueTimeout, boolean waitForWrite) {
        if (capacity < 1) {
            throw new IllegalArgumentException("policy.decision-log.queue-capacity must be at least 1, got " + capacity);
        }
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.enqueueTimeoutNanos = enqueueTimeout.toNanos();
        this.waitForWrite = waitForWrite;
        this.thread = new Thread(this::drainLoop, "decision-log-writer");
        this.thread.start();
    }

    /**
     * Accepts one serialised entry (a JSON object without prev_hash).
     *
     * @throws DecisionLogUnavailableException when the queue stayed full for the enqueue timeout,
     *                                         the log is closed, or (waiting for the write) the
     *                                         write failed; the decision must not be answered
     */
    public void submit(byte[] jsonObject) {
        Pending pending = new Pending(jsonObject, waitForWrite ? new CountDownLatch(1) : null);
        enqueue(pending);
        if (pending.done != null) {
            awaitWritten(pending);
        }
    }

    private void awaitWritten(Pending pending) {
        try {
            // Bounded by the writer, which always completes what it took; the guard only covers a wedged disk.
            if (!pending.done.await(WRITE_GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new DecisionLogUnavailableException(false, "decision log write did not complete within "
                        + WRITE_GUARD_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionLogUnavailableException(false, "interrupted while waiting for the decision log write");
        }
        if (pending.failure != null) {
            throw new DecisionLogUnavailableException(false, "decision log entry not written: " + pending.failure);
        }
    }

    private void enqueue(Pending pending) {
        acceptLock.readLock().lock();
        try {
            if (!accepting) {
                throw new DecisionLogUnavailableException(false, "decision log is closed (shutting down)");
            }
            if (!queue.offer(pending, enqueueTimeoutNanos, TimeUnit.NANOSECONDS)) {
                rejected.incrementAndGet();
                throw new DecisionLogUnavailableException(true, "decision log queue is full (" + queue.size()
                        + " entries waiting)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rejected.incrementAndGet();
            throw new DecisionLogUnavailableException(false, "interrupted while waiting for the decision log queue");
        } finally {
            acceptLock.readLock().unlock();
        }
    }

    /** Entries waiting to be written. */
    public int depth() {
        return queue.size();
    }

    /** Entries refused because the queue stayed full (the caller got an error instead of a decision). */
    public long rejected() {
        return rejected.get();
    }

    /** Entries a sink could not write. */
    public long writeFailures() {
        return writer.writeFailures();
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
        acceptLock.writeLock().lock();
        try {
            accepting = false;
        } finally {
            acceptLock.writeLock().unlock();
        }
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

    private void drainLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Never abandon accepted entries: keep draining until close() has stopped intake.
                continue;
            }
            if (first == null) {
                if (!accepting && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            for (Pending entry : batch) {
                try {
                    writer.writeSerialized(entry.json);
                    written.incrementAndGet();
                } catch (RuntimeException e) {
                    entry.failure = e.getMessage();
                    LOG.errorf("decision log entry not written (%d failures so far): %s", writer.writeFailures(),
                            e.getMessage());
                }
            }
            String flushFailure = null;
            try {
                writer.flush();
            } catch (RuntimeException e) {
                flushFailure = e.getMessage();
                LOG.errorf("decision log flush failed (%d failures so far): %s", writer.writeFailures(), e.getMessage());
            }
            for (Pending entry : batch) {
                if (entry.done != null) {
                    if (entry.failure == null) {
                        entry.failure = flushFailure;
                    }
                    entry.done.countDown();
                }
            }
            batch.clear();
        }
    }

    /** One queued entry and, when the submitter waits for it, the latch the writer opens after the flush. */
    private static final class Pending {
        final byte[] json;
        final CountDownLatch done;
        volatile String failure;

        Pending(byte[] json, CountDownLatch done) {
            this.json = json;
            this.done = done;
        }
    }
}
