package com.aibang.egress.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with a real chained log is detected at the line after the damage. */
class DecisionLogVerifierTest {

    @TempDir
    Path dir;

    private Path log;

    @BeforeEach
    void writeTenEntries() throws IOException {
        log = dir.resolve("decisions.log");
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(log)) {
            for (int i = 1; i <= 10; i++) {
                writer.write(Map.of("decision_id", "d-" + i, "allow", i % 2 == 0));
            }
        }
    }

    @Test
    void intactLogVerifiesFromTheSeed() throws IOException {
        DecisionLogVerifier.Result result = DecisionLogVerifier.verify(List.of(log));

        assertTrue(result.intact(), result.toString());
        assertTrue(result.startsFromSeed());
        assertEquals(10, result.entries());
    }

    @Test
    void editedLineIsDetectedAtTheNextLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(3, lines.get(3).replace("\"allow\":true", "\"allow\":false"));
        Files.write(log, lines);

        DecisionLogVerifier.Result result = DecisionLogVerifier.verify(List.of(log));

        assertFalse(result.intact());
        assertEquals(5, result.brokenLine(), result.toString());
        assertEquals(log, result.brokenFile());
    }

    @Test
    void deletedLineIsDetected() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.remove(6);
        Files.write(log, lines);

        DecisionLogVerifier.Result result = DecisionLogVerifier.verify(List.of(log));

        assertFalse(result.intact());
        assertEquals(7, result.brokenLine(), result.toString());
    }

    @Test
    void deletedFirstLineIsDetectedAsAChainNotStartingAtTheSeed() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.remove(0);
        Files.write(log, lines);

        DecisionLogVerifier.Result result = DecisionLogVerifier.verify(List.of(log));

        assertTrue(result.intact());
        assertFalse(result.startsFromSeed(), "a log that should start at the seed no longer does");
    }
}
