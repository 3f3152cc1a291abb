package com.aibang.egress.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.e2e.AppProcess;
import com.aibang.egress.e2e.Chain;
import com.aibang.egress.e2e.RecordingUpstream;
import com.aibang.egress.e2e.Resources;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge has two tier-2 parents in its pool; one is SIGKILLed under load. Every client call must complete within its
 * timeout, either served or refused with a reason, and traffic must carry on through the other parent.
 */
class ParentFailoverIT {
    private static final String BEFORE = "both-parents";
    private static final String AFTER = "one-parent-killed";
    /** Long enough for a busy machine; a hang is a call that never completes, so the exact value does not matter. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Egress access lines for plain GETs; counting them per process shows which parent served. */
    private static final String GET_ACCESS_LINE = "\"method\":\"GET\"";

    @TempDir
    Path work;
    private FaultChain setup;
    private AppProcess secondParent;
    private RecordingUpstream upstream;
    private Load load;

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(load, setup, secondParent, upstream);
    }

    @Test
    @Timeout(300)
    void killedParentFailsOverToTheOtherAndNoClientHangs() throws Exception {
        upstream = RecordingUpstream.plain("failover-upstream");
        setup = FaultChain.prepare(work, upstream.port()).patientDeadlines();
        Chain chain = setup.chain();
        int secondPort = chain.freePort();
        chain.edgeProperty("edge.parents.default.members", "127.0.0.1:" + chain.egressPort + ",127.0.0.1:" + secondPort)
                .edgeProperty("edge.parents.default.connect-timeout", "2s")
                .edgeProperty("edge.parent-health.interval", "1s");
        chain.startPolicyService(setup.policies());
        chain.startEgress(setup.hosts());
        secondParent = chain.startEgress("egress-proxy-b", secondPort, setup.hosts());
        chain.startEdge(FaultChain.identities());
        AppProcess firstParent = chain.egress();
        long firstBaseline = accessLines(firstParent.log());
        long secondBaseline = accessLines(secondParent.log());

        HttpClient client = ProxyCalls.client(chain.edgePort, Duration.ofSeconds(5));
        String base = "http://" + FaultChain.ALLOWED + ":" + upstream.port() + "/failover-";
        for (int i = 0; i < 2; i++) {
            FaultChain.awaitServed(client, base + "warm-up-" + i);
        }
        List<Load.Call> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(seq -> ProxyCalls.get(client, base + seq, CALL_TIMEOUT));
        }
        calls.add(seq -> ProxyCalls.connect(FaultChain.POD, chain.edgePort, FaultChain.ALLOWED, upstream.port(), CALL_TIMEOUT));
        load = new Load(BEFORE, 20, calls);

        awaitTrue(() -> accessLines(firstParent.log()) > firstBaseline && accessLines(secondParent.log()) > secondBaseline,
                "both parents served traffic");
        firstParent.kill();
        long killedAt = System.nanoTime();
        load.phase(AFTER);
        long secondAtKill = accessLines(secondParent.log());
        awaitTrue(() -> load.inPhase(AFTER).stream().filter(Load.Outcome::allowed).count() >= 200,
                "200 calls served after the kill");
        List<String> hung = load.stop(CALL_TIMEOUT.toMillis() + 5000);

        List<Load.Outcome> all = load.outcomes();
        List<Load.Outcome> after = load.inPhase(AFTER);
        List<Load.Outcome> unclear = all.stream().filter(o -> !o.allowed() && !o.clearRefusal()).toList();
        long firstServed = after.stream().filter(Load.Outcome::allowed).mapToLong(Load.Outcome::endNanos).min().orElse(killedAt);
        System.out.printf("[fault:parent-kill] %d calls before the kill, %d after; first served %d ms after the kill;"
                        + " not served: %s%n", all.size() - after.size(), after.size(), (firstServed - killedAt) / 1_000_000,
                all.stream().filter(o -> !o.allowed()).collect(Collectors.groupingBy(
                        o -> o.result().status() + " " + o.result().reason() + " " + o.result().error(), Collectors.counting())));

        assertTrue(hung.isEmpty(), "client threads hung: " + hung);
        assertTrue(unclear.isEmpty(), "calls that neither succeeded nor got a clear refusal: " + unclear);
        assertTrue(accessLines(secondParent.log()) > secondAtKill, "the surviving parent served nothing after the kill");
        List<Load.Outcome> tail = after.subList(Math.max(0, after.size() - 40), after.size());
        tail.forEach(o -> assertTrue(o.allowed(), "traffic did not settle on the surviving parent: " + o));
        assertFalse(firstParent.isAlive());
    }

    private static long accessLines(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(GET_ACCESS_LINE)).count();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void awaitTrue(Condition condition, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
