package com.aibang.egress.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** Reads the policy-service's decision log file: one JSON object per line. */
public final class DecisionLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public DecisionLog(Path file) {
        this.file = file;
    }

    public List<JsonNode> entries() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(DecisionLog::parse).toList();
    }

    public List<JsonNode> matching(Predicate<JsonNode> filter) throws IOException {
        return entries().stream().filter(filter).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("decision log line is not JSON: " + line, e);
        }
    }
}
