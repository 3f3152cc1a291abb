package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.WriterHandler;
import org.junit.jupiter.api.Test;

/** The writer thread hands every accepted line to a real log handler, in order, and drops only when full. */
class AccessLogWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void burstArrivesCompleteInOrderOnePerLine() {
        String category = AccessLog.CATEGORY + ".test-burst";
        StringWriter out = new StringWriter();
        WriterHandler handler = new WriterHandler();
        handler.setFormatter(new PatternFormatter("%s%n"));
        handler.setWriter(out);
        RecordSizes sizes = new RecordSizes();
        java.util.logging.Logger jul = quietLogger(category);
        jul.addHandler(handler);
        jul.addHandler(sizes);
        try {
            AccessLogWriter writer = new AccessLogWriter(Logger.getLogger(category), AccessLogWriter.CAPACITY);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                String line = "{\"request_id\":\"r" + i + "\",\"path\":\"/" + "x".repeat(i % 97) + "\"}";
                assertTrue(writer.offer(line), "line " + i + " refused");
                lines.add(line);
            }
            assertTrue(writer.awaitWritten(WAIT), "lines still queued");
            // A line after the burst (the writer may have gone to sleep meanwhile) is written too.
            assertTrue(writer.offer("{\"request_id\":\"last\"}"));
            lines.add("{\"request_id\":\"last\"}");
            assertTrue(writer.awaitWritten(WAIT), "last line still queued");
            handler.flush();
            assertEquals(String.join("\n", lines) + "\n", out.toString());
            assertTrue(sizes.longest.get() <= AccessLogWriter.BATCH_CHARS, "record of " + sizes.longest + " chars");
        } finally {
            jul.removeHandler(handler);
            jul.removeHandler(sizes);
        }
    }

    @Test
    void linesQueuedDuringAWriteGoOutAsOneRecordAndAnOversizedLineAlone() throws InterruptedException {
        String category = AccessLog.CATEGORY + ".test-batch";
        BlockingHandler handler = new BlockingHandler();
        java.util.logging.Logger jul = quietLogger(category);
        jul.addHandler(handler);
        try {
            AccessLogWriter writer = new AccessLogWriter(Logger.getLogger(category), AccessLogWriter.CAPACITY);
            assertTrue(writer.offer("first"));
            assertTrue(handler.entered.await(30, TimeUnit.SECONDS), "the writer never reached the handler");
            String oversized = "o".repeat(AccessLogWriter.BATCH_CHARS + 1);
            List<String> queued = List.of("a", "b", "c", oversized, "d", "e");
            queued.forEach(line -> assertTrue(writer.offer(line)));
            handler.release.countDown();
            assertTrue(writer.awaitWritten(WAIT), "lines still queued");
            assertEquals(List.of("first", "a\nb\nc", oversized, "d\ne"), handler.records);
        } finally {
            handler.release.countDown();
            jul.removeHandler(handler);
        }
    }

    @Test
    void fullQueueDropsLinesWithoutBlockingAndWritesEveryAcceptedOne() throws InterruptedException {
        String category = AccessLog.CATEGORY + ".test-full";
        BlockingHandler handler = new BlockingHandler();
        java.util.logging.Logger jul = quietLogger(category);
        jul.addHandler(handler);
        try {
            int capacity = 8;
            AccessLogWriter writer = new AccessLogWriter(Logger.getLogger(category), capacity);
            assertTrue(writer.offer("line-0"));
            assertTrue(handler.entered.await(30, TimeUnit.SECONDS), "the writer never reached the handler");
            // line-0 is being written and still counts as queued: capacity - 1 more fit, the next is dropped.
            List<String> accepted = new ArrayList<>(List.of("line-0"));
            for (int i = 1; i < capacity; i++) {
                assertTrue(writer.offer("line-" + i), "line " + i + " refused");
                accepted.add("line-" + i);
            }
            assertFalse(writer.offer("dropped"), "a line beyond the capacity was accepted");
            handler.release.countDown();
            assertTrue(writer.awaitWritten(WAIT), "lines still queued");
            assertEquals(accepted, handler.messages);
            assertTrue(writer.offer("after"), "the drained queue refused a line");
            assertTrue(writer.awaitWritten(WAIT), "line still queued");
            assertEquals("after", handler.messages.get(handler.messages.size() - 1));
        } finally {
            handler.release.countDown();
            jul.removeHandler(handler);
        }
    }

    private static java.util.logging.Logger quietLogger(String category) {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(category);
        jul.setUseParentHandlers(false);
        return jul;
    }

    /** Length of the longest record seen. */
    private static final class RecordSizes extends Handler {
        final java.util.concurrent.atomic.AtomicInteger longest = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void publish(LogRecord record) {
            longest.accumulateAndGet(record.getMessage().length(), Math::max);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Holds the writer thread in its first write until released; keeps records whole and split into lines. */
    private static final class BlockingHandler extends Handler {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            records.add(record.getMessage());
            messages.addAll(List.of(record.getMessage().split("\n")));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
