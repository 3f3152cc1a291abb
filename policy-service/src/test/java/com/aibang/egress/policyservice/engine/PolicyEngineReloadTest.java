package com.aibang.egress.policyservice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aibang.egress.policyservice.engine.PolicyEngine.ReloadOutcome;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineReloadTest {

    @TempDir
    Path dir;

    private void writePolicy(String body) throws IOException {
        Files.writeString(dir.resolve("p.rego"), "package p\n\nimport rego.v1\n\n" + body + "\n");
    }

    private Object value(PolicyEngine engine) {
        return engine.current().policy().evaluate("data.p.value", null).orElseThrow();
    }

    @Test
    void swapsInAChangedPolicyAndKeepsTheOldOneWhenTheNewOneIsBroken() throws IOException {
        writePolicy("value := 1");
        PolicyEngine engine = new PolicyEngine(List.of(dir), "data.p.value", Duration.ZERO);
        String first = engine.current().revision();

        assertEquals(ReloadOutcome.UNCHANGED, engine.reloadIfChanged());
        assertEquals(first, engine.current().revision());

        writePolicy("value := 2");
        assertEquals(ReloadOutcome.RELOADED, engine.reloadIfChanged());
        assertNotEquals(first, engine.current().revision());
        assertEquals(BigInteger.TWO, value(engine));
        String second = engine.current().revision();

        writePolicy("value := ");
        assertEquals(ReloadOutcome.FAILED, engine.reloadIfChanged());
        assertEquals(second, engine.current().revision());
        assertEquals(BigInteger.TWO, value(engine));

        Files.delete(dir.resolve("p.rego"));
        assertEquals(ReloadOutcome.FAILED, engine.reloadIfChanged());
        assertEquals(second, engine.current().revision());

        writePolicy("value := 3");
        assertEquals(ReloadOutcome.RELOADED, engine.reloadIfChanged());
        assertEquals(BigInteger.valueOf(3), value(engine));
    }

    @Test
    void firstLoadOfABrokenPolicyThrows() throws IOException {
        writePolicy("value := ");
        PolicyEngine engine = new PolicyEngine(List.of(dir), "data.p.value", Duration.ZERO);

        assertThrows(PolicyLoadException.class, engine::current);
    }
}
