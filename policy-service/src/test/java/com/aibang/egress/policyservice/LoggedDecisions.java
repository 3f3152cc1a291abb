package com.aibang.egress.policyservice;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads a decision log file written by the running service (entries are written by a background thread). */
public final class LoggedDecisions {

    /** Only guards against a hung writer; never a performance expectation. */
    public static final long HANG_GUARD_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoggedDecisions() {
    }

    /** The entry with this decision id, waiting (bounded) for the writer thread to catch up. */
    public static Map<?, ?> await(Path log, String decisionId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (true) {
            for (Map<?, ?> entry : read(log)) {
                if (decisionId.equals(entry.get("decision_id"))) {
                    return entry;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no decision log line for " + decisionId + " in " + log);
            }
            Thread.sleep(20);
        }
    }

    /** Every complete line of the file, parsed. */
    public static List<Map<?, ?>> read(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String content = Files.readString(log);
        int end = content.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return content.substring(0, end).lines().map(LoggedDecisions::parse).toList();
    }

    private static Map<?, ?> parse(String line) {
        try {
            return JSON.readValue(line, Map.class);
        } catch (IOException e) {
            throw new AssertionError("decision log line is not JSON: " + line, e);
        }
    }
}
