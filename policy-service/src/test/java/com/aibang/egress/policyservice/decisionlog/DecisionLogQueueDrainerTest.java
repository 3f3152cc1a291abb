package com.aibang.egress.policyservice.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogVerifier;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries written by the submitting loop (wait-for-write without the writer thread), and the writer thread's safety net. */
class DecisionLogQueueDrainerTest {

    private static final String LOOP = "test-loop";

    @TempDir
    Path dir;

    @Test
    void entriesGivenALoopAreWrittenAndCompletedOnThatLoopInChainOrder() throws Exception {
        Path file = dir.resolve("loop.log");
        DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 100, Duration.ofSeconds(5), true);
        ExecutorService loop = Executors.newSingleThreadExecutor(task -> new Thread(task, LOOP));
        Set<String> completedOn = ConcurrentHashMap.newKeySet();
        CompletableFuture<?>[] done = new CompletableFuture<?>[2_000];
        for (int i = 0; i < done.length; i++) {
            byte[] entry = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            int index = i;
            // Submitted from the loop itself, as the gRPC event loop does, so completion happens after registration.
            loop.submit(() -> done[index] = queue.submitAsync(() -> entry, loop)
                    .whenComplete((ignored, failure) -> completedOn.add(Thread.currentThread().getName()))).get();
        }
        CompletableFuture.allOf(done).get(60, TimeUnit.SECONDS);
        queue.close();
        loop.shutdown();

        // The writer thread's periodic look may take an entry whose loop task has not run yet; the loop writes the rest.
        assertTrue(completedOn.contains(LOOP), "entries written and completed on the loop: " + completedOn);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2_000, lines.size());
        assertTrue(lines.get(1_999).startsWith("{\"i\":1999,"));
        assertTrue(DecisionLogVerifier.verify(List.of(file)).intact());
        assertEquals(2_000, queue.written());
    }

    @Test
    void entriesOfOneLoopTurnShareOneDrainTaskAndTheNextTurnGetsItsOwn() throws Exception {
        Path file = dir.resolve("turn.log");
        DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 100, Duration.ofSeconds(5), true);
        List<Runnable> queuedTasks = new java.util.ArrayList<>();
        CompletableFuture<?>[] turn = new CompletableFuture<?>[3];
        for (int i = 0; i < turn.length; i++) {
            byte[] entry = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            turn[i] = queue.submitAsync(() -> entry, queuedTasks::add);
        }
        assertEquals(1, queuedTasks.size(), "one drain task for the three entries of this turn");
        queuedTasks.remove(0).run();
        CompletableFuture.allOf(turn).get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> next = queue.submitAsync(() -> "{\"i\":3}".getBytes(StandardCharsets.UTF_8), queuedTasks::add);
        assertEquals(1, queuedTasks.size(), "the next turn queues a task again");
        queuedTasks.remove(0).run();
        next.get(10, TimeUnit.SECONDS);
        queue.close();

        assertEquals(4, Files.readAllLines(file).size());
        assertTrue(DecisionLogVerifier.verify(List.of(file)).intact());
    }

    @Test
    void anEntryWhoseLoopNeverRunsTheTaskIsWrittenByTheWriterThread() throws Exception {
        Path file = dir.resolve("dropped.log");
        DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 100, Duration.ofSeconds(5), true);
        CompletableFuture<Void> done = queue.submitAsync(() -> "{\"i\":0}".getBytes(StandardCharsets.UTF_8), task -> {
        });
        queue.await(done);
        queue.close();

        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void anEntryWhoseLoopRefusesTheTaskIsWrittenByTheWriterThread() throws Exception {
        Path file = dir.resolve("refused.log");
        DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(file), 100, Duration.ofSeconds(5), true);
        CompletableFuture<Void> done = queue.submitAsync(() -> "{\"i\":0}".getBytes(StandardCharsets.UTF_8), task -> {
            throw new RejectedExecutionException("loop shutting down");
        });
        queue.await(done);
        queue.close();

        assertEquals(1, Files.readAllLines(file).size());
    }
}
