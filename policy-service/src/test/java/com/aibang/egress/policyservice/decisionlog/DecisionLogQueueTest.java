package com.aibang.egress.policyservice.decisionlog;

import com.aibang.egress.decisionlog.DecisionLogVerifier;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.decisionlog.LogSink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded queue: back-pressure instead of loss, every accepted entry written on close. */
class DecisionLogQueueTest {

    @TempDir
    Path dir;

    @Test
    void closeWritesEveryAcceptedEntry() throws IOException {
        Path file = dir.resolve("q.log");
        DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 50_000, Duration.ofSeconds(5));
        for (int i = 0; i < 20_000; i++) {
            queue.submit(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        queue.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(20_000, lines.size());
        assertTrue(lines.get(19_999).startsWith("{\"i\":19999,"));
        assertTrue(DecisionLogVerifier.verify(List.of(file)).intact());
        assertEquals(20_000, queue.written());
    }

    @Test
    void fullQueueRefusesAfterTheTimeoutAndCountsIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        // An output that stalls (a full disk, a slow pipe) until released.
        LogSink stalled = new LogSink() {
            @Override
            public void write(byte[] line) throws IOException {
                writing.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public String target() {
                return "stalled";
            }

            @Override
            public void close() {
            }
        };
        DecisionLogQueue queue = new DecisionLogQueue(new DecisionLogWriter(List.of(stalled)), 2, Duration.ofMillis(50));
        queue.submit("{\"i\":0}".getBytes(StandardCharsets.UTF_8));
        assertTrue(writing.await(60, TimeUnit.SECONDS));
        queue.submit("{\"i\":1}".getBytes(StandardCharsets.UTF_8));
        queue.submit("{\"i\":2}".getBytes(StandardCharsets.UTF_8));

        DecisionLogUnavailableException refused = assertThrows(DecisionLogUnavailableException.class,
                () -> queue.submit("{\"i\":3}".getBytes(StandardCharsets.UTF_8)));

        assertTrue(refused.full());
        assertEquals(1, queue.rejected());
        release.countDown();
        queue.close();
        assertEquals(3, queue.written());
        DecisionLogUnavailableException closed = assertThrows(DecisionLogUnavailableException.class,
                () -> queue.submit("{\"i\":4}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(false, closed.full());
    }

    @Test
    void waitingForTheWriteMeansTheLineIsInTheFileOnReturn() throws IOException {
        Path file = dir.resolve("w.log");
        try (DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 10, Duration.ofSeconds(5), true)) {
            for (int i = 0; i < 5; i++) {
                queue.submit(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                assertEquals(i + 1, Files.readAllLines(file).size());
            }
        }
    }

    @Test
    void waitingForAFailedWriteRefusesTheDecision() {
        LogSink broken = new LogSink() {
            @Override
            public void write(byte[] line) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() {
            }

            @Override
            public String target() {
                return "full-disk";
            }

            @Override
            public void close() {
            }
        };
        try (DecisionLogQueue queue = new DecisionLogQueue(new DecisionLogWriter(List.of(broken)), 10,
                Duration.ofSeconds(5), true)) {
            DecisionLogUnavailableException refused = assertThrows(DecisionLogUnavailableException.class,
                    () -> queue.submit("{}".getBytes(StandardCharsets.UTF_8)));

            assertTrue(refused.getMessage().contains("No space left on device"), refused.getMessage());
            assertEquals(1, queue.writeFailures());
        }
    }

    @Test
    void aFullQueueMakesTheSubmitterWaitOffItsThreadThenAcceptsWhenRoomAppears() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        LogSink stalled = new LogSink() {
            @Override
            public void write(byte[] line) {
                writing.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public String target() {
                return "stalled";
            }

            @Override
            public void close() {
            }
        };
        DecisionLogQueue queue = new DecisionLogQueue(new DecisionLogWriter(List.of(stalled)), 1, Duration.ofSeconds(60));
        queue.submit("{\"i\":0}".getBytes(StandardCharsets.UTF_8));
        assertTrue(writing.await(60, TimeUnit.SECONDS));
        queue.submit("{\"i\":1}".getBytes(StandardCharsets.UTF_8));

        CompletableFuture<Void> waiting = queue.submitAsync(() -> "{\"i\":2}".getBytes(StandardCharsets.UTF_8));

        // The writer is stalled and the queue full: the entry can only be waiting on the back-pressure thread.
        assertFalse(waiting.isDone());
        release.countDown();
        waiting.get(60, TimeUnit.SECONDS);
        queue.close();
        assertEquals(3, queue.written());
        assertEquals(0, queue.rejected());
    }

    @Test
    void anEntryThatCannotBeRenderedIsCountedAndRefusedWhileTheNextIsWritten() throws Exception {
        Path file = dir.resolve("r.log");
        try (DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 10, Duration.ofSeconds(5), true)) {
            CompletableFuture<Void> broken = queue.submitAsync(() -> {
                throw new IllegalStateException("cannot serialise");
            });
            ExecutionException refused = assertThrows(ExecutionException.class, () -> broken.get(60, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof DecisionLogUnavailableException, refused.toString());
            assertTrue(refused.getCause().getMessage().contains("cannot serialise"), refused.getCause().getMessage());

            queue.submit("{\"i\":1}".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, queue.writeFailures());
            assertEquals(1, Files.readAllLines(file).size());
        }
    }
}
