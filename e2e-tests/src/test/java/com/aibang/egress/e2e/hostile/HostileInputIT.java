package com.aibang.egress.e2e.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aibang.egress.e2e.Allowlist;
import com.aibang.egress.e2e.Chain;
import com.aibang.egress.e2e.Curl;
import com.aibang.egress.e2e.RecordingUpstream;
import java.io.IOException;
import java.net.BindException;
import java.net.IDN;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs against both tiers of the real chain (the packaged apps as processes). Each case in
 * {@link SmugglingCases}, {@link HeaderAndLineCases} and {@link TargetCases} says what it sends and
 * what must happen; no case may reach the evil upstream (127.0.0.22) or the catch-all on 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    /** Tier 1 knows this address as a pod of namespace "api". */
    private static final String POD = "127.0.0.2";
    /** Tier 2 accepts this address as a tier-1 proxy (tier1_source_cidrs). */
    private static final String TIER1 = "127.0.0.1";
    private static final String ALLOWED_IP = "127.0.0.21";
    private static final String EVIL_IP = "127.0.0.22";

    /**
     * Cases whose bug (see /work/notes/HOSTILE_BUGS.md) is not fixed yet: run and printed, not asserted.
     * Key: case id ({@code name@TIER}); value: the bug id. Empty this as the fixes land.
     */
    static final Map<String, String> KNOWN_OPEN = Map.of();

    @TempDir
    static Path work;
    static Chain chain;
    static RecordingUpstream allowed;
    static RecordingUpstream evil;
    static RecordingUpstream loopback;
    private static final Map<String, String> REPORT = new ConcurrentHashMap<>();

    @BeforeAll
    static void startChain() throws Exception {
        startUpstreamsOnOnePort();
        int port = allowed.port();
        Path hosts = work.resolve("hosts");
        Files.writeString(hosts, String.join("\n",
                "# every allowed name on one address, every evil name on another",
                ALLOWED_IP + " allowed.test xn--bcher-kva.test",
                EVIL_IP + " evil.test allowed.test.evil.test evil.test.allowed.test " + IDN.toASCII("\u0430llowed.test"),
                ""));
        Path repoRoot = Chain.repoRoot();
        chain = new Chain(repoRoot, work);
        Path policies = chain.preparePolicies(allowlist(port));
        chain.start(policies, hosts, Chain.apiPods(POD + "/32"));
    }

    /** The three upstreams share one port, so a trick that changes only the host would show up at another one. */
    private static void startUpstreamsOnOnePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            allowed = RecordingUpstream.plain("allowed-upstream", new InetSocketAddress(ALLOWED_IP, 0));
            try {
                evil = RecordingUpstream.plain("EVIL-upstream", new InetSocketAddress(EVIL_IP, allowed.port()));
                loopback = RecordingUpstream.plain("LOOPBACK-upstream", new InetSocketAddress(TIER1, allowed.port()));
                return;
            } catch (BindException taken) {
                closeAll(allowed, evil);
                allowed = null;
                evil = null;
            }
        }
        throw new IllegalStateException("no port free on 127.0.0.21, 127.0.0.22 and 127.0.0.1 at once");
    }

    /** The upstreams are on loopback, which tier 2's SSRF guard refuses unless declared internal; tier 1 is {@link #TIER1}. */
    private static String allowlist(int port) {
        return new Allowlist().allowInternal("allowed.test", port).allowInternal("xn--bcher-kva.test", port)
                .allowInternal(ALLOWED_IP, port).blockAtExit("blocked.invalid").yaml();
    }

    static Stream<HostileCase> cases() {
        List<HostileCase> all = new ArrayList<>();
        all.addAll(SmugglingCases.all());
        all.addAll(HeaderAndLineCases.all());
        all.addAll(TargetCases.all());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void hostileInputIsRefusedOrNormalised(HostileCase hostile) throws Exception {
        if (hostile.client() == HostileCase.Client.CURL) {
            assumeTrue(Curl.available(), "curl is not installed: apt-get install -y curl (.ci/run does)");
        }
        int allowedBefore = allowed.count();
        int evilBefore = evil.count();
        int loopbackBefore = loopback.count();
        Observed observed = send(hostile);
        observed = new Observed(observed.port(), observed.status(), observed.response(), since(allowed, allowedBefore),
                since(evil, evilBefore), since(loopback, loopbackBefore));

        List<String> problems = new ArrayList<>();
        if (!observed.reachedEvil().isEmpty() || !observed.reachedLoopback().isEmpty()) {
            problems.add("REACHED A DESTINATION THE POLICY DENIES");
        }
        String mismatch = hostile.expect().mismatch(observed);
        if (mismatch != null) {
            problems.add("expected " + mismatch);
        }
        String verdict = problems.isEmpty() ? "ok" : String.join("; ", problems);
        REPORT.put(hostile.id(), verdict + " (status " + observed.status() + ")");
        String bug = KNOWN_OPEN.get(hostile.id());
        if (bug != null) {
            System.out.println("KNOWN_OPEN " + hostile.id() + " [" + bug + "]: " + verdict + "\n" + observed);
            abort("KNOWN_OPEN " + bug + " (not asserted): " + verdict + ", observed status " + observed.status());
        }
        if (!problems.isEmpty()) {
            fail(hostile.id() + ": " + verdict + "\nsent:\n" + printable(hostile.request()) + "\nobserved: " + observed);
        }
    }

    private static Observed send(HostileCase hostile) throws IOException, InterruptedException {
        boolean edge = hostile.tier() == HostileCase.Tier.EDGE;
        String source = edge ? POD : TIER1;
        int proxyPort = edge ? chain.edgePort : chain.egressPort;
        String request = hostile.requestFor(allowed.port());
        if (hostile.client() == HostileCase.Client.CURL) {
            Curl.Result result = Curl.get(source, proxyPort, request, null);
            return new Observed(allowed.port(), result.proxyStatus(), result.verbose(), List.of(), List.of(), List.of());
        }
        RawExchange.Answer answer = RawExchange.send(source, proxyPort, request);
        return new Observed(allowed.port(), answer.status(), answer.text(), List.of(), List.of(), List.of());
    }

    private static List<RecordingUpstream.Received> since(RecordingUpstream upstream, int before) {
        List<RecordingUpstream.Received> all = upstream.received();
        return all.subList(Math.min(before, all.size()), all.size());
    }

    private static String printable(String request) {
        return request.length() > 600 ? request.substring(0, 600) + "...(" + request.length() + " chars)" : request;
    }

    @Test
    @Order(2)
    void theSpecCoversEnoughCasesWithUniqueIdsAndKnownOpenNamesRealCases() {
        List<HostileCase> all = cases().toList();
        Set<String> ids = new HashSet<>();
        all.forEach(c -> assertTrue(ids.add(c.id()), "duplicate case id " + c.id()));
        assertTrue(all.stream().map(HostileCase::name).distinct().count() >= 60, "fewer than 60 distinct cases");
        for (String open : KNOWN_OPEN.keySet()) {
            assertTrue(ids.contains(open), "KNOWN_OPEN names no case: " + open);
        }
    }

    @Test
    @Order(3)
    void afterAllCasesTheEvilAndLoopbackUpstreamsWereNeverReached() {
        assertEquals(List.of(), evil.received(), "requests reached the evil upstream");
        assertEquals(List.of(), loopback.received(), "requests reached the 127.0.0.1 upstream");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        long failing = REPORT.values().stream().filter(v -> !v.startsWith("ok")).count();
        System.out.println("hostile-input: " + REPORT.size() + " cases run, " + (REPORT.size() - failing)
                + " as expected, " + failing + " not (" + KNOWN_OPEN.size() + " KNOWN_OPEN)");
        REPORT.entrySet().stream().filter(e -> !e.getValue().startsWith("ok")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("  " + e.getKey() + ": " + e.getValue()
                        + (KNOWN_OPEN.containsKey(e.getKey()) ? " [KNOWN_OPEN " + KNOWN_OPEN.get(e.getKey()) + "]" : "")));
        if (chain != null) {
            chain.close();
        }
        closeAll(allowed, evil, loopback);
    }

    private static void closeAll(RecordingUpstream... upstreams) {
        for (RecordingUpstream upstream : upstreams) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
