package com.aibang.egress.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision reuse across the whole chain: with the policy's cache_ttl on, both proxies answer repeated requests from
 * their decision caches, and at shutdown at the latest report every reuse to the policy-service, so the decision log
 * still accounts for each request (its own decision entry or a reuse entry listing its request id) and its hash
 * chain verifies with the real policyctl.
 */
class ReuseChainIT {
    private static final String POD = "127.0.0.1";
    private static final String HOST = "reused.test";
    private static final String PATH = "/same-every-time";
    private static final int REQUESTS = 12;

    @TempDir
    static Path work;
    static Path repoRoot;
    static RecordingUpstream upstream;
    static Chain chain;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Curl.available(), "curl is not installed (.ci/run installs it)");
        repoRoot = Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
        upstream = RecordingUpstream.plain("reused");
        Path hosts = work.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 " + HOST + "\n");
        chain = new Chain(repoRoot, work);
        Path policies = chain.preparePolicies("""
                namespaces:
                  api:
                    destinations:
                      - host: %1$s
                        ports: [%2$d]
                tier1_source_cidrs:
                  - 127.0.0.1/32
                internal_destinations:
                  - host: %1$s
                    ports: [%2$d]
                """.formatted(HOST, upstream.port()));
        // Long enough that every request of the test falls inside one decision's lifetime on a busy machine.
        Files.createDirectories(policies.resolve("limits"));
        Files.writeString(policies.resolve("limits/data.yaml"), """
                rate:
                  default:
                    source_per_minute: 6000
                    source_destination_per_minute: 3000
                decision_cache_seconds: 60
                """);
        chain.start(policies, hosts, Map.of(
                "edge.identities.\"127.0.0.1/32\".namespace", "api",
                "edge.identities.\"127.0.0.1/32\".service-account", "api"));
        Curl.awaitServed(POD, chain.edgePort, "http://" + HOST + ":" + upstream.port() + "/warm-up");
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(chain, upstream);
    }

    @Test
    void everyRequestIsInTheDecisionLogAsADecisionOrAReuseAndTheChainVerifies() throws Exception {
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals(200, Curl.get(POD, chain.edgePort, "http://" + HOST + ":" + upstream.port() + PATH, null).httpStatus());
        }
        // The proxies flush their pending reuse reports as they stop; the policy-service is still up.
        chain.edge().close();
        chain.egress().close();

        List<JsonNode> entries = new DecisionLog(chain.decisionLog).entries();
        for (String tier : List.of("edge", "egress")) {
            List<JsonNode> decisions = entries.stream().filter(e -> !e.has("kind") && tier.equals(e.path("tier").asText())
                    && PATH.equals(e.path("input").path("destination").path("path").asText())).toList();
            Set<String> decisionIds = new HashSet<>();
            List<String> requestIds = new ArrayList<>();
            decisions.forEach(d -> {
                decisionIds.add(d.path("decision_id").asText());
                requestIds.add(d.path("request_id").asText());
            });
            List<JsonNode> reuses = entries.stream().filter(e -> "reuse".equals(e.path("kind").asText())
                    && decisionIds.contains(e.path("decision_id").asText())).toList();
            long reused = 0;
            for (JsonNode reuse : reuses) {
                reused += reuse.path("reuse").path("count").asLong();
                reuse.path("reuse").path("request_ids").forEach(id -> requestIds.add(id.asText()));
                assertEquals(tier, reuse.path("tier").asText());
                assertEquals("decision-cache", reuse.path("decided_by").asText());
            }
            assertTrue(reused > 0, tier + " reused no decision: " + decisions.size() + " decisions for " + REQUESTS + " requests");
            assertEquals(REQUESTS, decisions.size() + reused, tier + ": decisions plus reuses must account for every request");
            assertEquals(REQUESTS, new HashSet<>(requestIds).size(), tier + ": every request id listed once: " + requestIds);
        }

        Process verify = new ProcessBuilder("bash", repoRoot.resolve("policyctl").toString(), "decisions", "--verify",
                chain.decisionLog.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(120, TimeUnit.SECONDS), "policyctl --verify hung");
        assertEquals(0, verify.exitValue(), "policyctl decisions --verify:\n" + output);
    }
}
