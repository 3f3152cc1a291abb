package com.aibang.egress.proxy;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Hands finished access lines to the logging system on one dedicated thread, so an event loop never
 * waits for a log handler. The queue is bounded: when it is full the line is dropped and counted
 * rather than blocking the proxy. Under load the thread wakes on its own every few milliseconds and drains
 * what arrived meanwhile, so queuing a line wakes it (a futex call each side) only after it went to sleep
 * on an empty queue, or when the queue fills past a quarter of its capacity. The lines waiting are handed over
 * as one log record of up to {@link #BATCH_CHARS} characters, joined by newlines (with the access category's
 * {@code %s%n} handler: one write per batch, each line still on a line of its own), in the order queued.
 */
final class AccessLogWriter {

    /** Most lines waiting to be written. */
    static final int CAPACITY = 65_536;
    private static final long IDLE_POLL_MILLIS = 1;
    /**
     * Pause after the queue ran empty before draining again, without a wake-up: lines arriving meanwhile are
     * written together (at most this much later). Only a pause that brings no line sends the thread to sleep.
     */
    private static final long BATCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Longest sleep without a wake-up (a missed one costs at most this much delay). */
    private static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Most characters of one batch (a single longer line goes alone). */
    static final int BATCH_CHARS = 64 * 1024;
    private static final char LINE_SEPARATOR = '\n';

    private static final AccessLogWriter SHARED = new AccessLogWriter(Logger.getLogger(AccessLog.CATEGORY), CAPACITY);

    private final Logger log;
    private final int capacity;
    /** Queue length at which a line wakes the thread during its pause, long before the queue is full. */
    private final int wakeThreshold;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** True while the writer thread sleeps until a line comes. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;
    /** The batch being joined; used by the writer thread only. */
    private final StringBuilder batch = new StringBuilder(BATCH_CHARS);

    /** A writer of its own (tests); the JVM's writer is {@link #shared()}. */
    AccessLogWriter(Logger log, int capacity) {
        this.log = log;
        this.capacity = capacity;
        this.wakeThreshold = Math.max(1, capacity / 4);
        this.thread = new Thread(this::run, "access-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The writer of this JVM (shared by every proxy engine in it). */
    static AccessLogWriter shared() {
        return SHARED;
    }

    /** Queues a line; false (and nothing written) when the queue is full. Never blocks. */
    boolean offer(String line) {
        int length = queued.incrementAndGet();
        if (length > capacity) {
            queued.decrementAndGet();
            return false;
        }
        accepted.incrementAndGet();
        queue.add(line);
        if (length == wakeThreshold) {
            // Cut the pause short (an extra permit is harmless): a burst must not fill the queue meanwhile.
            LockSupport.unpark(thread);
        } else if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Waits until every line accepted so far has been handed to the logging system, at most {@code wait}. */
    boolean awaitWritten(Duration wait) {
        long target = accepted.get();
        long deadline = System.nanoTime() + wait.toNanos();
        while (written.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(IDLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            if (!queue.isEmpty()) {
                writeBatch();
                continue;
            }
            LockSupport.parkNanos(BATCH_WINDOW_NANOS);
            if (!queue.isEmpty()) {
                continue;
            }
            sleeping.set(true);
            // A line queued before the flag was visible is seen here; one queued after it unparks us.
            if (queue.isEmpty()) {
                LockSupport.parkNanos(SLEEP_NANOS);
            }
            sleeping.set(false);
        }
    }

    /**
     * Writes the lines at the head of the queue as one record. They count as queued until written, so the
     * capacity bounds what is waiting plus what is being written.
     */
    private void writeBatch() {
        String first = queue.poll();
        int lines = 1;
        String next = queue.peek();
        if (next == null || first.length() + 1 + next.length() > BATCH_CHARS) {
            // A lone line needs no copy.
            write(first);
        } else {
            batch.append(first);
            // Only this thread takes lines out, so the line peeked at is the one polled.
            while (next != null && batch.length() + 1 + next.length() <= BATCH_CHARS) {
                batch.append(LINE_SEPARATOR).append(queue.poll());
                lines++;
                next = queue.peek();
            }
            write(batch.toString());
            batch.setLength(0);
        }
        queued.addAndGet(-lines);
        written.addAndGet(lines);
    }

    private void write(String lines) {
        try {
            log.info(lines);
        } catch (RuntimeException e) {
            // A failing handler must not stop the writer thread; the logging system reports its own errors.
        }
    }
}
