package com.aibang.egress.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, started on its own exactly as a newcomer would, proxies requests to a local upstream and,
 * stopping, lets the proxies report their last decision reuses to the policy-service before that stops.
 */
class RunLocalScriptIT {
    /** The last line of the script's "running" message: everything the test reads from the message precedes it. */
    private static final String READY_LINE = "Stop: Ctrl-C";
    /** Requests to this path are sent again and again, so both tiers answer some from their decision caches. */
    private static final String REUSED_PATH = "/reused";
    /** Reuses wanted at each tier before stopping. */
    private static final int WANTED_REUSES = 2;
    /** Below the proxies' max-request-ids (20), so each reuse entry lists every request id it counts. */
    private static final int MAX_REUSE_REQUESTS = 15;
    private static final List<String> TIERS = List.of("edge", "egress");

    @TempDir
    Path runDir;

    @Test
    void runLocalScriptStartsTheChainProxiesLocalRequestsAndStopsEverythingReportingTheLastReuses() throws Exception {
        assumeTrue(Curl.available(), "curl is not installed: apt-get install -y curl (.ci/run does)");
        Path repoRoot = Chain.repoRoot();
        int edgePort = FreePorts.next();
        List<Integer> ports = List.of(edgePort, FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        ProcessBuilder builder = new ProcessBuilder("bash", repoRoot.resolve("run-local.sh").toString())
                .directory(repoRoot.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "EDGE_PORT", String.valueOf(ports.get(0)), "EGRESS_PORT", String.valueOf(ports.get(1)),
                "POLICY_GRPC_PORT", String.valueOf(ports.get(2)), "POLICY_HTTP_PORT", String.valueOf(ports.get(3)),
                "EDGE_HTTP_PORT", String.valueOf(ports.get(4)), "EGRESS_HTTP_PORT", String.valueOf(ports.get(5)),
                "RUN_DIR", runDir.toString(),
                // Reuses are reported only at stop (the interval never comes, a batch never fills), so the decision
                // log holds them only if each proxy stopped while the policy-service still listened.
                "EDGE_POLICY_DECISION_CACHE_REPORT_INTERVAL", "1h", "EGRESS_POLICY_DECISION_CACHE_REPORT_INTERVAL", "1h"));
        DecisionLog decisions = new DecisionLog(runDir.resolve("decisions.log"));
        int reuseRequests;
        Process script = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> follow(script, output, ready), "run-local-output");
        reader.setDaemon(true);
        reader.start();
        try (RecordingUpstream upstream = RecordingUpstream.plain("local-upstream")) {
            assertTrue(ready.get(180, TimeUnit.SECONDS), "run-local.sh never said it was running:\n" + output);
            assertTrue(output.toString().contains("HTTP_PROXY=http://127.0.0.1:" + edgePort), output.toString());

            Curl.Result result = Curl.get("127.0.0.1", edgePort, "http://localhost:" + upstream.port() + "/hello", null);
            assertEquals(200, result.httpStatus(), result.verbose() + "\n" + output);
            assertEquals("local-upstream /hello", result.body());
            assertEquals(1, upstream.count());

            reuseRequests = sendUntilBothTiersReused(edgePort, "http://localhost:" + upstream.port() + REUSED_PATH, decisions);
            assertTrue(decisions.matching(e -> e.has("kind")).isEmpty(),
                    "reuses were reported before the stop, so the stop is not what is tested: " + decisions.entries());
        } finally {
            script.destroy();
            assertTrue(script.waitFor(60, TimeUnit.SECONDS), "run-local.sh did not stop on SIGTERM");
        }
        for (int port : ports.subList(0, 3)) {
            assertFalse(LoopbackPorts.accepts(port), "port " + port + " still open after run-local.sh stopped");
        }
        List<JsonNode> entries = decisions.entries();
        for (String tier : TIERS) {
            ReuseAccount.of(entries, tier, REUSED_PATH).assertAccountsForEveryRequest(reuseRequests);
        }
    }

    /**
     * Sends {@code url} through the edge until both tiers answered {@link #WANTED_REUSES} of the requests from their
     * decision caches (a request with no decision of a tier in the log was reused there); returns how many were sent.
     */
    private static int sendUntilBothTiersReused(int edgePort, String url, DecisionLog decisions) throws Exception {
        int sent = 0;
        while (sent < MAX_REUSE_REQUESTS) {
            Curl.Result result = Curl.get("127.0.0.1", edgePort, url, null);
            assertEquals(200, result.httpStatus(), result.verbose());
            sent++;
            // Decisions are written before they are answered: the log is complete for every request sent.
            List<JsonNode> entries = decisions.entries();
            int reusedEverywhere = sent;
            for (String tier : TIERS) {
                reusedEverywhere = Math.min(reusedEverywhere, sent - ReuseAccount.of(entries, tier, REUSED_PATH).decisions().size());
            }
            if (reusedEverywhere >= WANTED_REUSES) {
                break;
            }
        }
        return sent;
    }

    /** Reads the script's output to the end (so it never blocks on a full pipe), completing {@code ready} at the ready line. */
    private static void follow(Process script, StringBuilder output, CompletableFuture<Boolean> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.contains(READY_LINE)) {
                    ready.complete(true);
                }
            }
        } catch (IOException e) {
            output.append("(output unreadable: ").append(e.getMessage()).append(")\n");
        }
        ready.complete(false);
    }
}
