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
 * rather than blocking the proxy. Queuing a line wakes the thread only when it went to sleep: under load it
 * drains what arrived during a short pause instead of being woken (a futex call each side) for every line.
 */
final class AccessLogWriter {

    /** Most lines waiting to be written. */
    static final int CAPACITY = 65_536;
    private static final long IDLE_POLL_MILLIS = 1;
    /** Pause after the queue ran empty before going to sleep; lines arriving meanwhile need no wake-up. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest sleep without a wake-up (a missed one costs at most this much delay). */
    private static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final AccessLogWriter SHARED = new AccessLogWriter(Logger.getLogger(AccessLog.CATEGORY), CAPACITY);

    private final Logger log;
    private final int capacity;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /** True while the writer thread sleeps until a line comes. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;

    private AccessLogWriter(Logger log, int capacity) {
        this.log = log;
        this.capacity = capacity;
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
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        accepted.incrementAndGet();
        queue.add(line);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
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
            String line = queue.poll();
            if (line != null) {
                write(line);
                queued.decrementAndGet();
                written.incrementAndGet();
                continue;
            }
            LockSupport.parkNanos(LINGER_NANOS);
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

    private void write(String line) {
        try {
            log.info(line);
        } catch (RuntimeException e) {
            // A failing handler must not stop the writer thread; the logging system reports its own errors.
        }
    }
}
