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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a rotated log's files oldest first, and verifying the chain across them, on real files. */
class RotatedFilesTest {

    @TempDir
    Path dir;

    @Test
    void listsNumberedBackupsOldestFirstThenTheActiveFile() throws IOException {
        Path file = dir.resolve("decisions.log");
        for (String name : List.of("decisions.log", "decisions.log.1", "decisions.log.2", "decisions.log.10",
                "decisions.log.bak", "decisions.log.01", "other.log.3")) {
            Files.writeString(dir.resolve(name), "");
        }

        assertEquals(List.of(file.resolveSibling("decisions.log.10"), file.resolveSibling("decisions.log.2"),
                file.resolveSibling("decisions.log.1"), file), RotatedFiles.oldestFirst(file));
    }

    @Test
    void missingLogIsAnEmptyList() throws IOException {
        assertTrue(RotatedFiles.oldestFirst(dir.resolve("none.log")).isEmpty());
    }

    @Test
    void chainVerifiesAcrossRotationAndADeletedBackupIsNamed() throws IOException {
        Path file = dir.resolve("decisions.log");
        try (DecisionLogWriter writer = new DecisionLogWriter(List.of(new RotatingFileSink(file, 600, 5)))) {
            for (int i = 0; i < 12; i++) {
                writer.write(Map.of("i", i, "pad", "y".repeat(150)));
            }
        }
        List<Path> files = RotatedFiles.oldestFirst(file);
        assertTrue(files.size() >= 4, files.toString());
        DecisionLogVerifier.Result intact = DecisionLogVerifier.verify(files);
        assertTrue(intact.intact(), intact.toString());
        assertTrue(intact.startsFromSeed());
        assertEquals(12, intact.entries());

        Files.delete(RotatedFiles.backup(file, 2));
        DecisionLogVerifier.Result broken = DecisionLogVerifier.verify(RotatedFiles.oldestFirst(file));

        assertFalse(broken.intact());
        assertEquals(RotatedFiles.backup(file, 1), broken.brokenFile(), broken.toString());
        assertEquals(1, broken.brokenLine());
    }

    @Test
    void linesAreStreamedWithTheirNumbersAndAnUnterminatedTailIsFlagged() throws IOException {
        Path file = dir.resolve("l.log");
        Files.writeString(file, "{\"a\":1}\n\n{\"b\":2}");
        List<LogLine> lines = new ArrayList<>();
        DecisionLogLines.read(List.of(file), lines::add);

        assertEquals(3, lines.size());
        assertEquals("{\"a\":1}", lines.get(0).text());
        assertEquals(file + ":2", lines.get(1).location());
        assertFalse(lines.get(2).terminated());
        assertEquals("{\"b\":2}", lines.get(2).text());
    }

    @Test
    void linesLongerThanTheReadChunkStayWhole() throws IOException {
        Path file = dir.resolve("long.log");
        String longLine = "{\"pad\":\"" + "z".repeat(200_000) + "\"}";
        Files.writeString(file, longLine + "\n{}\n");
        List<LogLine> lines = new ArrayList<>();
        DecisionLogLines.read(List.of(file), lines::add);

        assertEquals(2, lines.size());
        assertEquals(longLine, lines.get(0).text());
        assertEquals("{}", lines.get(1).text());
        assertTrue(lines.get(1).terminated());
    }
}
