package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.decisionlog.HashChain;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static DecisionLogQueue queue(Path log) {
        return new DecisionLogQueue(DecisionLogWriter.toFile(log), 100, Duration.ofSeconds(5));
    }

    /** One Check through a fresh log queue, closed (so flushed) before returning. */
    private CheckResponse checkOnce(LoadedPolicy loaded, Path log) {
        try (DecisionLogQueue queue = queue(log)) {
            return TestServices.decisionService(loaded, "data.p.decision", queue).check(request);
        }
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
        response = checkOnce(loaded, log);

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
        assertEquals("rego", line.get("decided_by"));
        assertEquals("enforce", line.get("mode"));
        assertTrue(((Number) ((Map<?, ?>) line.get("metrics")).get("timer_rego_query_eval_ns")).longValue() >= 0);
        assertEquals("policy-service", ((Map<?, ?>) line.get("labels")).get("service"));
        assertEquals(HashChain.SEED, line.get("prev_hash"));
        assertEquals(Map.of("tier", "edge", "request_id", "req-42",
                "source", Map.of("ip", "127.0.0.2", "namespace", "api"),
                "destination", Map.of("host", "example.com", "port", 443),
                "rate", Map.of("source_per_minute", 1, "source_destination_per_minute", 1)), line.get("input"));
        assertEquals(Map.of("allow", true, "reason", "ns api", "route", "default", "rule", "r"), line.get("result"));
    }

    @Test
    void undefinedDecisionFailsClosed() throws IOException {
        LoadedPolicy loaded = policy("package p\nimport rego.v1\ndecision := {\"allow\": true} if input.tier == \"egress\"\n");
        Path log = dir.resolve("d.log");
        CheckResponse response;
        response = checkOnce(loaded, log);

        assertFalse(response.getAllow());
        assertEquals("no decision", response.getReason());
        Map<?, ?> line = onlyLogLine(log);
        assertEquals(false, line.get("allow"));
        assertEquals("no decision", line.get("reason"));
        assertFalse(line.containsKey("result"));
        assertEquals("fail-closed", line.get("decided_by"));
    }

    @Test
    void nonObjectDecisionFailsClosed() throws IOException {
        LoadedPolicy loaded = policy("package p\nimport rego.v1\ndecision := true\n");
        CheckResponse response = checkOnce(loaded, dir.resolve("d.log"));

        assertFalse(response.getAllow());
        assertEquals("no decision", response.getReason());
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
        response = checkOnce(loaded, log);

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
        try (DecisionLogQueue queue = queue(dir.resolve("d.log"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> TestServices.decisionService(loaded, "input.x", queue));

            assertTrue(e.getMessage().contains("policy.decision-path"), e.getMessage());
        }
    }

    @Test
    void maskPolicyErasesAndReplacesInputFieldsBeforeLogging() throws IOException {
        Path policies = dir.resolve("masked");
        Files.createDirectories(policies);
        Files.writeString(policies.resolve("p.rego"), """
                package p
                import rego.v1
                decision := {"allow": false, "reason": "no", "rule": "r", "mode": "report"}
                """);
        Files.writeString(policies.resolve("mask.rego"), """
                package system.log
                import rego.v1
                mask contains "/input/source/ip" if input.input.tier == "edge"
                mask contains {"op": "upsert", "path": "/input/destination/host", "value": "hidden"}
                """);
        LoadedPolicy loaded = PolicyLoader.load(policies);
        Path log = dir.resolve("m.log");

        CheckResponse response = checkOnce(loaded, log);

        // Report mode: the answer says deny-in-report-mode, the proxies let it through and log it.
        assertFalse(response.getAllow());
        assertEquals("report", response.getMode());
        Map<?, ?> line = onlyLogLine(log);
        assertEquals("report", line.get("mode"));
        Map<?, ?> input = (Map<?, ?>) line.get("input");
        assertEquals(Map.of("namespace", "api"), input.get("source"));
        assertEquals(Map.of("host", "hidden", "port", 443), input.get("destination"));
        assertEquals(List.of("/input/source/ip"), line.get("erased"));
        assertEquals(List.of("/input/destination/host"), line.get("masked"));
    }
}
