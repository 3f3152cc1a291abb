package com.aibang.egress.policyservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aibang.egress.policyservice.engine.PolicyLoader;
import com.aibang.egress.rego.RegoPolicy;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathsTest {

    @TempDir
    Path dir;

    @Test
    void identifierSegmentsBecomeDotsOthersBrackets() {
        assertEquals("data", DataPaths.toRef(""));
        assertEquals("data.egress.decision", DataPaths.toRef("egress/decision"));
        assertEquals("data.teams[\"my-team\"].a", DataPaths.toRef("/teams/my-team/a/"));
    }

    @Test
    void segmentsThatCannotBeQuotedAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DataPaths.toRef("a/b\"c"));
        assertThrows(IllegalArgumentException.class, () -> DataPaths.toRef("a/b\\c"));
    }

    @Test
    void theInterpreterResolvesBracketedReferences() throws IOException {
        Files.writeString(dir.resolve("p.rego"), "package p\n");
        Files.createDirectories(dir.resolve("teams"));
        Files.writeString(dir.resolve("teams/data.json"), "{\"my-team\": {\"a\": 1}}");
        RegoPolicy policy = PolicyLoader.load(dir).policy();

        assertEquals(Optional.of(BigInteger.ONE), policy.evaluate(DataPaths.toRef("teams/my-team/a"), null));
    }
}
