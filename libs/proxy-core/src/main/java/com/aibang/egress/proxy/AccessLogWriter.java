package com.aibang.egress.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Hands finished access lines to the logging system on one dedicated thread, so an event loop never
 * waits for a log handler. The queue is bounded: when it is full the line is dropped and counted
 * rather than blocking the proxy.
 */
final class AccessLogWriter {

    /** Most lines waiting to be written. */
    static final int CAPACITY = 65_536;
    private static final int BATCH = 256;
    private static final long IDLE_POLL_MILLIS = 1;

    private static final AccessLogWriter SHARED = new AccessLogWriter(Logger.getLogger(AccessLog.CATEGORY), CAPACITY);

    private final Logger log;
    private final BlockingQueue<String> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    private AccessLogWriter(Logger log, int capacity) {
        this.log = log;
        this.queue = new LinkedBlockingQueue<>(capacity);
        Thread thread = new Thread(this::run, "access-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The writer of this JVM (shared by every proxy engine in it). */
    static AccessLogWriter shared() {
        return SHARED;
    }

    /** Queues a line; false (and nothing written) when the queue is full. Never blocks. */
    boolean offer(String line) {
        accepted.incrementAndGet();
        if (queue.offer(line)) {
            return true;
        }
        accepted.decrementAndGet();
        return false;
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
        List<String> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                String first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (String line : batch) {
                    write(line);
                }
                written.addAndGet(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
