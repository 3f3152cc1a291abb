package com.aibang.egress.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.e2e.RecordingUpstream;
import com.aibang.egress.e2e.Resources;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris against both tiers: many clients dribble a request head byte by byte; each must be answered 408 and closed at
 * the header timeout, before its head is complete, while a normal client keeps being served. Both tiers' header
 * timeouts ({@code edge.limits.header-timeout}, {@code egress.limits.header-timeout}) are set short for the test.
 */
class SlowlorisIT {
    private static final Duration EDGE_HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration EGRESS_HEADER_TIMEOUT = Duration.ofSeconds(3);
    /** One byte per gap: the head below would take about 25 s, far beyond either timeout. */
    private static final Duration GAP = Duration.ofMillis(100);
    private static final int SLOW_CLIENTS = 60;
    private static final String SLOW_SOURCE = "127.0.0.5";
    /** Tier 2 accepts tier-1 proxies from this address. */
    private static final String TIER1 = "127.0.0.1";

    @TempDir
    static Path work;
    static FaultChain setup;
    static RecordingUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = RecordingUpstream.plain("slowloris-upstream");
        setup = FaultChain.prepare(work, upstream.port()).patientDeadlines();
        setup.chain().edgeProperty("edge.limits.header-timeout", EDGE_HEADER_TIMEOUT.toMillis() + "ms");
        setup.chain().egressProperty("egress.limits.header-timeout", EGRESS_HEADER_TIMEOUT.toMillis() + "ms");
        setup.start();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(setup, upstream);
    }

    @Test
    @Timeout(120)
    void edgeClosesSlowHeadsAtItsHeaderTimeoutWhileOthersAreServed() throws Exception {
        attackAndServe(setup.chain().edgePort, SLOW_SOURCE, FaultChain.POD, EDGE_HEADER_TIMEOUT, "edge");
    }

    @Test
    @Timeout(120)
    void egressClosesSlowHeadsAtItsHeaderTimeoutWhileOthersAreServed() throws Exception {
        attackAndServe(setup.chain().egressPort, TIER1, TIER1, EGRESS_HEADER_TIMEOUT, "egress");
    }

    private void attackAndServe(int port, String slowSource, String normalSource, Duration timeout, String tier) throws Exception {
        String authority = FaultChain.ALLOWED + ":" + upstream.port();
        String head = "GET http://" + authority + "/slow HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: slowloris\r\n"
                + "X-Padding: " + "p".repeat(150) + "\r\n\r\n";
        HttpClient client = ProxyCalls.client(port, Duration.ofSeconds(5));
        // Warm the path first, so the calls during the attack measure the attack and not a cold start.
        FaultChain.awaitServed(client, "http://" + authority + "/warm-" + tier);
        ExecutorService pool = Executors.newFixedThreadPool(SLOW_CLIENTS);
        List<Future<SlowClient.Ending>> attacks = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            attacks.add(pool.submit(() -> SlowClient.run(slowSource, port, head, GAP)));
        }
        List<Load.Result> served = new ArrayList<>();
        int seq = 0;
        while (!attacks.stream().allMatch(Future::isDone)) {
            served.add(ProxyCalls.get(client, "http://" + authority + "/normal-" + tier + "-" + seq++, Duration.ofSeconds(10)));
            Thread.sleep(100);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));

        List<SlowClient.Ending> endings = new ArrayList<>();
        for (Future<SlowClient.Ending> attack : attacks) {
            endings.add(attack.get());
        }
        LongSummaryStatistics closedAfter = endings.stream().mapToLong(SlowClient.Ending::closedAfterMillis).summaryStatistics();
        System.out.printf("[fault:slowloris] %s (header timeout %d ms): %d slow clients closed after %d..%d ms having sent"
                        + " %d..%d of %d bytes; normal client: %d of %d calls served%n", tier, timeout.toMillis(), endings.size(),
                closedAfter.getMin(), closedAfter.getMax(),
                endings.stream().mapToInt(SlowClient.Ending::bytesSent).min().orElse(0),
                endings.stream().mapToInt(SlowClient.Ending::bytesSent).max().orElse(0), head.length(),
                served.stream().filter(r -> r.status() == 200).count(), served.size());
        for (SlowClient.Ending ending : endings) {
            assertFalse(ending.headCompleted(), "a slow client got its whole head in: " + ending);
            assertEquals(408, ending.status(), "expected a 408 answer: " + ending);
            assertTrue(ending.closed(), "the connection stayed open after the 408: " + ending);
            // The proxy's clock starts after our connect, so nothing may end before the configured timeout.
            assertTrue(ending.closedAfterMillis() >= timeout.toMillis(), "closed before the header timeout: " + ending);
        }
        assertFalse(served.isEmpty());
        served.forEach(result -> assertEquals(200, result.status(), "normal client not served during the attack: " + result));
    }
}
