package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogWriterTest {

    @TempDir
    Path dir;

    @Test
    void createsDirectoriesAndAppendsOneLinePerEntry() throws IOException {
        Path file = dir.resolve("a/b/decisions.log");
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(file)) {
            writer.write(Map.of("n", 1));
        }
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(file)) {
            writer.write(Map.of("n", 2));
            // Visible before close: each line is flushed when written.
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), Files.readAllLines(file));
        }
    }

    @Test
    void keepsFieldOrderAndExactNumbers() throws IOException {
        Path file = dir.resolve("d.log");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("z", new BigDecimal("1e2"));
        entry.put("a", new BigDecimal("0.10"));
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(file)) {
            writer.write(entry);
        }
        assertEquals(List.of("{\"z\":100,\"a\":0.10}"), Files.readAllLines(file));
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("c.log");
        int threads = 8;
        int perThread = 200;
        String padding = "x".repeat(2000);
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(file)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writer.write(Map.of("id", id + "-" + i, "pad", padding));
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        ObjectMapper json = new ObjectMapper();
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            ids.add((String) json.readValue(line, Map.class).get("id"));
        }
        assertEquals(threads * perThread, ids.size());
        assertTrue(ids.contains("7-199"));
    }

    @Test
    void unwritableLocationIsAClearError() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "");

        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> DecisionLogWriter.toFile(blocker.resolve("sub/decisions.log")));

        assertTrue(e.getMessage().startsWith("cannot open decision log " + blocker.resolve("sub/decisions.log")),
                e.getMessage());
    }
}
