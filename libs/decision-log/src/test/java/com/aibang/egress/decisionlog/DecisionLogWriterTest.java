package com.aibang.egress.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

/** The chained writer and its file output, on real files. */
class DecisionLogWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anEntryWrittenFieldByFieldIsSerialisedLikeTheSameMap() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("amount", new BigDecimal("1E+3"));
        nested.put("none", null);
        nested.put("list", List.of("a", 2L, true));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", "d-1");
        entry.put("allow", false);
        entry.put("reason", null);
        entry.put("input", nested);
        entry.put("metrics", Map.of("timer_ns", 123L));

        byte[] streamed = DecisionLogWriter.serialize(json -> {
            json.writeStringField("id", "d-1");
            json.writeBooleanField("allow", false);
            json.writeStringField("reason", null);
            json.writeObjectField("input", nested);
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("timer_ns", 123L);
            json.writeEndObject();
        });

        assertEquals(new String(DecisionLogWriter.serialize(entry), StandardCharsets.UTF_8),
                new String(streamed, StandardCharsets.UTF_8));
        assertTrue(new String(streamed, StandardCharsets.UTF_8).contains("\"amount\":1000"), "plain BigDecimal");
    }

    @Test
    void entriesSerialisedOneAfterAnotherKeepTheirOwnBytes() {
        // The serialiser's buffer goes back to the recycler after each entry: no entry may share it.
        String longText = "x".repeat(5_000);
        byte[] first = DecisionLogWriter.serialize(json -> json.writeStringField("first", longText));
        byte[] second = DecisionLogWriter.serialize(json -> json.writeStringField("second", "y"));
        byte[] third = DecisionLogWriter.serialize(json -> json.writeStringField("third", longText));

        assertEquals("{\"first\":\"" + longText + "\"}", new String(first, StandardCharsets.UTF_8));
        assertEquals("{\"second\":\"y\"}", new String(second, StandardCharsets.UTF_8));
        assertEquals("{\"third\":\"" + longText + "\"}", new String(third, StandardCharsets.UTF_8));
    }

    @Test
    void chainsLinesFromTheSeedAndContinuesAfterAReopen() throws IOException {
        Path file = dir.resolve("a/b/decisions.log");
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(file)) {
            writer.write(Map.of("n", 1));
        }
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(file)) {
            writer.write(Map.of("n", 2));
            writer.write(Map.of());
        }
        List<String> lines = Files.readAllLines(file);
        String first = "{\"n\":1,\"prev_hash\":\"" + HashChain.SEED + "\"}";
        String second = "{\"n\":2,\"prev_hash\":\"" + sha(first) + "\"}";
        assertEquals(List.of(first, second, "{\"prev_hash\":\"" + sha(second) + "\"}"), lines);
        assertTrue(DecisionLogVerifier.verify(List.of(file)).intact());
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
        assertTrue(Files.readAllLines(file).get(0).startsWith("{\"z\":100,\"a\":0.10,\"prev_hash\":"));
    }

    @Test
    void rotatesBySizeKeepingTheChainAcrossFiles() throws IOException {
        Path file = dir.resolve("rot/decisions.log");
        String padding = "x".repeat(200);
        try (DecisionLogWriter writer = new DecisionLogWriter(List.of(new RotatingFileSink(file, 1000, 3)))) {
            for (int i = 0; i < 20; i++) {
                writer.write(Map.of("i", i, "pad", padding));
            }
        }
        List<Path> files = RotatedFiles.oldestFirst(file);
        assertEquals(4, files.size(), files.toString());
        for (Path each : files) {
            assertTrue(Files.size(each) <= 1000, each + " is " + Files.size(each) + " bytes");
        }
        DecisionLogVerifier.Result result = DecisionLogVerifier.verify(files);
        assertTrue(result.intact(), result.toString());
        // The oldest files were dropped by retention, so the remaining chain does not start at the seed.
        assertEquals(false, result.startsFromSeed());
        List<String> newest = Files.readAllLines(file);
        assertEquals(19, JSON.readValue(newest.get(newest.size() - 1), Map.class).get("i"));
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
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            ids.add((String) JSON.readValue(line, Map.class).get("id"));
        }
        assertEquals(threads * perThread, ids.size());
        assertTrue(DecisionLogVerifier.verify(List.of(file)).intact());
    }

    @Test
    void unwritableLocationIsAClearError() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "");

        var e = assertThrows(UncheckedIOException.class, () -> DecisionLogWriter.toFile(blocker.resolve("sub/decisions.log")));

        assertTrue(e.getMessage().startsWith("cannot open decision log " + blocker.resolve("sub/decisions.log")),
                e.getMessage());
    }

    private static String sha(String line) {
        return HashChain.hashOf(line.getBytes(StandardCharsets.UTF_8));
    }
}
