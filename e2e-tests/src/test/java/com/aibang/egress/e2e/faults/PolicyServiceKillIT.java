package com.aibang.egress.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.e2e.DecisionLog;
import com.aibang.egress.e2e.RecordingUpstream;
import com.aibang.egress.e2e.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy-service is SIGKILLed while client threads send traffic through the edge: from then on every call must be
 * refused (503 with a reason) and nothing may reach the upstream; restarted on the same port, traffic must flow again.
 * The issue asks for recovery within 2 s; the test waits generously and prints the measured time.
 */
class PolicyServiceKillIT {
    private static final String BEFORE = "before-kill";
    private static final String DOWN = "down";
    private static final String RESTARTING = "restarting";
    private static final String UP = "restarted";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(30);
    private static final int GET_THREADS = 3;
    /** Paths of the load's GETs, each followed by its unique sequence number. */
    private static final String LOAD_PATH = "/call-";

    @TempDir
    Path work;
    private FaultChain setup;
    private RecordingUpstream upstream;
    private Load load;

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(load, setup, upstream);
    }

    @Test
    @Timeout(240)
    void noRequestPassesWithoutADecisionAndTrafficRecoversAfterRestart() throws Exception {
        upstream = RecordingUpstream.plain("kill-upstream");
        setup = FaultChain.prepare(work, upstream.port()).patientDeadlines();
        setup.start();
        int edgePort = setup.chain().edgePort;
        HttpClient client = ProxyCalls.client(edgePort, Duration.ofSeconds(5));
        String base = "http://" + FaultChain.ALLOWED + ":" + upstream.port() + LOAD_PATH;
        FaultChain.awaitServed(client, "http://" + FaultChain.ALLOWED + ":" + upstream.port() + "/warm-up");
        List<Load.Call> calls = new ArrayList<>();
        for (int i = 0; i < GET_THREADS; i++) {
            calls.add(seq -> ProxyCalls.get(client, base + seq, CALL_TIMEOUT));
        }
        calls.add(seq -> ProxyCalls.connect(FaultChain.POD, edgePort, FaultChain.ALLOWED, upstream.port(), CALL_TIMEOUT));
        load = new Load(BEFORE, 20, calls);

        awaitAllowed(BEFORE, 20, RECOVERY_WAIT);
        setup.chain().killPolicyService();
        load.phase(DOWN);
        long killedAt = System.nanoTime();
        waitUntilCalls(DOWN, 100, Duration.ofSeconds(20));

        load.phase(RESTARTING);
        long restartAt = System.nanoTime();
        setup.chain().restartPolicyService();
        long listeningAt = System.nanoTime();
        load.phase(UP);
        Load.Outcome firstAllowed = awaitAllowed(UP, 1, RECOVERY_WAIT)
                .orElseThrow(() -> new AssertionError("no call was allowed within " + RECOVERY_WAIT + " of the restart"));
        // Keep the load on a little, so the tail shows whether recovery is complete or flapping.
        waitUntilCalls(UP, countIn(UP) + 100, Duration.ofSeconds(20));
        List<String> hung = load.stop(CALL_TIMEOUT.toMillis() + 5000);
        assertTrue(hung.isEmpty(), "client threads did not finish: " + hung);

        List<Load.Outcome> down = load.inPhase(DOWN);
        report(down, killedAt, restartAt, listeningAt, firstAllowed);
        assertFalse(down.isEmpty());
        for (Load.Outcome outcome : down) {
            assertEquals(503, outcome.result().status(), "while the policy-service is dead: " + outcome);
            assertFalse(outcome.result().reason().isBlank(), "503 without " + ProxyReply.REASON_HEADER + ": " + outcome);
        }
        List<String> loadHits = upstream.received().stream().map(RecordingUpstream.Received::path)
                .filter(path -> path.startsWith(LOAD_PATH)).toList();
        Set<String> reachedUpstream = Set.copyOf(loadHits);
        for (Load.Outcome outcome : down.stream().filter(o -> o.result().kind().equals(ProxyCalls.KIND_GET)).toList()) {
            assertFalse(reachedUpstream.contains(pathOf(outcome)), "reached the upstream without a decision: " + outcome);
        }
        Set<String> allowedPaths = load.outcomes().stream()
                .filter(o -> o.result().kind().equals(ProxyCalls.KIND_GET) && o.allowed())
                .map(PolicyServiceKillIT::pathOf).collect(Collectors.toSet());
        assertEquals(allowedPaths, reachedUpstream, "upstream hits must be exactly the allowed GETs (one each)");
        assertEquals(loadHits.size(), reachedUpstream.size(), "a path reached the upstream twice");
        // The decision log is written before each answer (policy.decision-log.wait-for-write), so even across the
        // SIGKILL every request that reached the upstream has an allow from both tiers on record.
        Map<String, Set<String>> allowingTiers = new HashMap<>();
        for (JsonNode entry : new DecisionLog(setup.chain().decisionLog).entries()) {
            if (entry.path("result").path("allow").asBoolean()) {
                allowingTiers.computeIfAbsent(entry.path("input").path("destination").path("path").asText(), p -> new HashSet<>())
                        .add(entry.path("tier").asText());
            }
        }
        for (String path : reachedUpstream) {
            assertEquals(Set.of("edge", "egress"), allowingTiers.getOrDefault(path, Set.of()),
                    path + " reached the upstream without an allow from both tiers in the decision log");
        }

        List<Load.Outcome> after = load.inPhase(UP).stream().filter(o -> o.startNanos() > firstAllowed.endNanos()).toList();
        List<Load.Outcome> tail = after.subList(Math.max(0, after.size() - 40), after.size());
        assertFalse(tail.isEmpty());
        tail.forEach(o -> assertTrue(o.allowed(), "traffic did not stay recovered: " + o));
    }

    private static String pathOf(Load.Outcome outcome) {
        String target = outcome.result().target();
        return target.substring(target.indexOf('/', "http://".length()));
    }

    private void report(List<Load.Outcome> down, long killedAt, long restartAt, long listeningAt, Load.Outcome firstAllowed) {
        List<Load.Outcome> up = load.inPhase(UP);
        long lastRefusalEnd = up.stream().filter(o -> !o.allowed()).mapToLong(Load.Outcome::endNanos).max().orElse(listeningAt);
        System.out.printf("[fault:policy-kill] down %d ms with %d calls (%d refused 503, %d upstream hits); restart took %d ms"
                        + " to listen; first allowed call started %d ms and completed %d ms after listening, last refusal"
                        + " %d ms after listening;"
                        + " calls after restart: %d (%d refused)%n",
                ms(restartAt - killedAt), down.size(), down.stream().filter(o -> o.result().status() == 503).count(),
                upstream.count(), ms(listeningAt - restartAt), ms(firstAllowed.startNanos() - listeningAt),
                ms(firstAllowed.endNanos() - listeningAt),
                ms(lastRefusalEnd - listeningAt), up.size(), up.stream().filter(o -> !o.allowed()).count());
        // After the restart, as a timeline of runs of equal statuses (start offsets relative to "listening").
        StringBuilder timeline = new StringBuilder();
        List<Load.Outcome> byStart = up.stream().sorted(Comparator.comparingLong(Load.Outcome::startNanos)).toList();
        for (int i = 0; i < byStart.size(); ) {
            int j = i;
            while (j + 1 < byStart.size() && byStart.get(j + 1).result().status() == byStart.get(i).result().status()) {
                j++;
            }
            timeline.append(String.format(" %d x%d [%+d..%+d ms, longest %d ms]", byStart.get(i).result().status(), j - i + 1,
                    ms(byStart.get(i).startNanos() - listeningAt), ms(byStart.get(j).startNanos() - listeningAt),
                    byStart.subList(i, j + 1).stream().mapToLong(o -> ms(o.endNanos() - o.startNanos())).max().orElse(0)));
            i = j + 1;
        }
        System.out.println("[fault:policy-kill] after restart:" + timeline);
        up.stream().filter(o -> !o.allowed()).collect(Collectors.groupingBy(
                        o -> o.result().status() + " " + o.result().tier() + " " + o.result().reason()
                                + (o.result().error() == null ? "" : " " + o.result().error()),
                        Collectors.counting()))
                .forEach((what, n) -> System.out.printf("[fault:policy-kill] after restart %d x %s%n", n, what));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private int countIn(String phase) {
        return load.inPhase(phase).size();
    }

    private Optional<Load.Outcome> awaitAllowed(String phase, int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            List<Load.Outcome> allowed = load.inPhase(phase).stream().filter(Load.Outcome::allowed)
                    .sorted(Comparator.comparingLong(Load.Outcome::endNanos)).toList();
            if (allowed.size() >= count) {
                return Optional.of(allowed.get(0));
            }
            Thread.sleep(20);
        }
        if (phase.equals(BEFORE)) {
            throw new AssertionError("the chain never allowed " + count + " calls: " + load.outcomes().stream().limit(5).toList());
        }
        return Optional.empty();
    }

    private void waitUntilCalls(String phase, int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (countIn(phase) < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
