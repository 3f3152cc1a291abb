package com.aibang.egress.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
        repoRoot = Chain.repoRoot();
        upstream = RecordingUpstream.plain("reused");
        chain = new Chain(repoRoot, work);
        // Long enough that every request of the test falls inside one decision's lifetime on a busy machine.
        chain.policyData("limits/data.yaml", """
                rate:
                  default:
                    source_per_minute: 6000
                    source_destination_per_minute: 3000
                decision_cache_seconds: 60
                """);
        chain.startForApiPods(new Allowlist().allowInternal(HOST, upstream.port()), List.of(HOST), POD + "/32");
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
            ReuseAccount.of(entries, tier, PATH).assertAccountsForEveryRequest(REQUESTS);
        }

        Process verify = new ProcessBuilder("bash", repoRoot.resolve("policyctl").toString(), "decisions", "--verify",
                chain.decisionLog.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(120, TimeUnit.SECONDS), "policyctl --verify hung");
        assertEquals(0, verify.exitValue(), "policyctl decisions --verify:\n" + output);
    }
}
