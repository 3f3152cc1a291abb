package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DecisionService against small real policies compiled by the real interpreter. */
class DecisionServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CheckRequest request = CheckRequest.newBuilder()
            .setTier(Tier.TIER_EDGE)
            .setRequestId("req-42")
            .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api"))
            .setDestination(Destination.newBuilder().setHost("example.com").setPort(443))
            .build();

    private LoadedPolicy policy(String rego) throws IOException {
        Path policies = dir.resolve("policies");
        Files.createDirectories(policies);
        Files.writeString(policies.resolve("p.rego"), rego);
        return PolicyLoader.load(policies);
    }

    private Map<?, ?> onlyLogLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        return JSON.readValue(lines.get(0), Map.class);
    }

    @Test
    void allowsAndLogsTheDecision() throws IOException {
        LoadedPolicy loaded = policy("""
                package p
                import rego.v1
                decision := {"allow": true, "reason": sprintf("ns %v", [input.source.namespace]), "route": "default", "rule": "r"} if input.tier == "edge"
                """);
        Path log = dir.resolve("logs/decisions.log");
        CheckResponse response;
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(log)) {
            response = new DecisionService(() -> loaded, "data.p.decision", writer).check(request);
        }

        assertTrue(response.getAllow());
        assertEquals("ns api", response.getReason());
        assertEquals("default", response.getRoute());
        assertEquals("r", response.getRule());
        assertEquals(loaded.shortRevision(), response.getPolicyRevision());
        UUID.fromString(response.getDecisionId());

        Map<?, ?> line = onlyLogLine(log);
        assertEquals(response.getDecisionId(), line.get("decision_id"));
        Instant.parse((String) line.get("timestamp"));
        assertTrue(((String) line.get("timestamp")).endsWith("Z"));
        assertEquals("data.p.decision", line.get("path"));
        assertEquals("edge", line.get("tier"));
        assertEquals("req-42", line.get("request_id"));
        assertEquals(loaded.shortRevision(), line.get("policy_revision"));
        assertEquals(true, line.get("allow"));
        assertEquals("ns api", line.get("reason"));
        assertTrue(((Number) line.get("eval_ns")).longValue() >= 0);
        assertEquals(Map.of("tier", "edge", "request_id", "req-42",
                "source", Map.of("ip", "127.0.0.2", "namespace", "api"),
                "destination", Map.of("host", "example.com", "port", 443)), line.get("input"));
        assertEquals(Map.of("allow", true, "reason", "ns api", "route", "default", "rule", "r"), line.get("result"));
    }

    @Test
    void undefinedDecisionFailsClosed() throws IOException {
        LoadedPolicy loaded = policy("package p\nimport rego.v1\ndecision := {\"allow\": true} if input.tier == \"egress\"\n");
        Path log = dir.resolve("d.log");
        CheckResponse response;
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(log)) {
            response = new DecisionService(() -> loaded, "data.p.decision", writer).check(request);
        }

        assertFalse(response.getAllow());
        assertEquals("no decision", response.getReason());
        Map<?, ?> line = onlyLogLine(log);
        assertEquals(false, line.get("allow"));
        assertEquals("no decision", line.get("reason"));
        assertFalse(line.containsKey("result"));
    }

    @Test
    void nonObjectDecisionFailsClosed() throws IOException {
        LoadedPolicy loaded = policy("package p\nimport rego.v1\ndecision := true\n");
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(dir.resolve("d.log"))) {
            CheckResponse response = new DecisionService(() -> loaded, "data.p.decision", writer).check(request);

            assertFalse(response.getAllow());
            assertEquals("no decision", response.getReason());
        }
    }

    @Test
    void evaluationErrorDeniesNamingTheError() throws IOException {
        // Two complete definitions with different values: an eval_conflict_error at evaluation time.
        LoadedPolicy loaded = policy("""
                package p
                import rego.v1
                decision := {"allow": true} if input.tier == "edge"
                decision := {"allow": false} if input.request_id == "req-42"
                """);
        Path log = dir.resolve("d.log");
        CheckResponse response;
        try (DecisionLogWriter writer = DecisionLogWriter.toFile(log)) {
            response = new DecisionService(() -> loaded, "data.p.decision", writer).check(request);
        }

        assertFalse(response.getAllow());
        assertTrue(response.getReason().startsWith("policy evaluation error: "), response.getReason());
        assertTrue(response.getReason().contains("eval_conflict_error"), response.getReason());
        Map<?, ?> line = onlyLogLine(log);
        assertTrue(((String) line.get("error")).contains("eval_conflict_error"), line.toString());
        assertEquals(response.getReason(), line.get("reason"));
    }

    @Test
    void decisionPathMustPointIntoData() throws IOException {
        LoadedPolicy loaded = policy("package p\n");
        DecisionLogWriter writer = DecisionLogWriter.toFile(dir.resolve("d.log"));

        var e = assertThrows(IllegalArgumentException.class, () -> new DecisionService(() -> loaded, "input.x", writer));

        assertTrue(e.getMessage().contains("policy.decision-path"), e.getMessage());
        writer.close();
    }
}
