package com.aibang.egress.e2e.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aibang.egress.e2e.Allowlist;
import com.aibang.egress.e2e.Chain;
import com.aibang.egress.e2e.Curl;
import com.aibang.egress.e2e.DecisionLog;
import com.aibang.egress.e2e.RecordingUpstream;
import com.aibang.egress.e2e.Resources;
import com.aibang.egress.e2e.TestCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing tier 2 first: a real Squid tier 1 ({@code cache_peer} parent, {@code never_direct allow all}) in front of
 * our egress-proxy, which still asks the policy-service about every request and logs the decision.
 */
class SquidChildOfEgressIT {
    private static final String POD = "127.0.0.2";
    private static final String ALLOWED = "app.allowed.test";
    /** Squid tier 1 lets it through; our tier 2 must refuse it (exit blocklist). */
    private static final String BLOCKED_AT_EXIT = "exit-blocked.test";

    @TempDir
    static Path work;
    static Chain chain;
    static SquidProcess squid;
    static int squidPort;
    static RecordingUpstream plain;
    static RecordingUpstream tls;
    static TestCertificate certificate;
    static DecisionLog decisions;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(SquidProcess.available(), SquidProcess.INSTALL_HINT);
        assumeTrue(Curl.available(), "curl is not installed: apt-get install -y curl (.ci/run does)");
        certificate = TestCertificate.create(work, List.of(ALLOWED, BLOCKED_AT_EXIT));
        plain = RecordingUpstream.plain("plain-via-egress");
        tls = RecordingUpstream.tls("tls-via-egress", certificate.serverContext());
        chain = new Chain(InteropSetup.repoRoot(), work);
        Path hosts = chain.loopbackHosts(ALLOWED, BLOCKED_AT_EXIT);
        chain.startPolicyService(chain.preparePolicies(allowlist()));
        chain.egressProperty("egress.policy.deadline", InteropSetup.PATIENT_DEADLINE);
        chain.startEgress(hosts);
        decisions = new DecisionLog(chain.decisionLog);

        squidPort = chain.freePort();
        squid = SquidProcess.start("tier1", squidPort, hosts, squidTier1Rules(chain.egressPort), InteropSetup.logDir());
        Curl.awaitServed(POD, squidPort, "http://" + ALLOWED + ":" + plain.port() + "/warm-up");
    }

    private static String squidTier1Rules(int egressPort) {
        return """
                acl pods src 127.0.0.2/32
                acl approved_dst dstdomain %1$s %2$s
                acl upstream_ports port %3$d %4$d
                http_access deny !upstream_ports
                http_access allow pods approved_dst
                http_access deny all
                cache_peer 127.0.0.1 parent %5$d 0 no-query no-digest default name=our-egress
                never_direct allow all
                """.formatted(ALLOWED, BLOCKED_AT_EXIT, plain.port(), tls.port(), egressPort);
    }

    private static String allowlist() {
        return new Allowlist().allowInternal(ALLOWED, plain.port(), tls.port())
                .allow(BLOCKED_AT_EXIT, plain.port(), tls.port()).blockAtExit(BLOCKED_AT_EXIT).yaml();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(squid, chain, plain, tls);
    }

    @Test
    void plainHttpFromSquidIsCheckedAndForwardedByOurEgress() throws Exception {
        Curl.Result result = Curl.get(POD, squidPort, "http://" + ALLOWED + ":" + plain.port() + "/squid-child", null);
        assertEquals(200, result.httpStatus(), result.verbose() + squid.diagnostics());
        assertEquals("plain-via-egress /squid-child", result.body());
        JsonNode decision = oneEgressDecision(e -> "/squid-child".equals(destination(e).path("path").asText()));
        assertTrue(decision.path("result").path("allow").asBoolean(), decision.toString());
        assertEquals("127.0.0.1", decision.path("input").path("source").path("ip").asText(), "the Squid tier 1 is the source");
    }

    @Test
    void connectTunnelFromSquidIsCheckedAndForwardedByOurEgress() throws Exception {
        Curl.Result result = Curl.get(POD, squidPort, "https://" + ALLOWED + ":" + tls.port() + "/squid-child-tls", certificate.pem());
        assertEquals(200, result.connectStatus(), result.verbose() + squid.diagnostics());
        assertEquals(200, result.httpStatus(), result.verbose());
        assertEquals("tls-via-egress /squid-child-tls", result.body());
        // Tier 2 may ask twice for one tunnel (at CONNECT, and again once the TLS server name is known).
        List<JsonNode> tunnelDecisions = decisions.matching(e -> "egress".equals(e.path("tier").asText())
                && "CONNECT".equals(destination(e).path("method").asText())
                && ALLOWED.equals(destination(e).path("host").asText()) && destination(e).path("port").asInt() == tls.port());
        assertFalse(tunnelDecisions.isEmpty(), "no egress decision for the tunnel");
        assertEquals(1, tunnelDecisions.stream().map(e -> e.path("request_id").asText()).distinct().count(), tunnelDecisions.toString());
        tunnelDecisions.forEach(e -> assertTrue(e.path("result").path("allow").asBoolean(), e.toString()));
    }

    @Test
    void destinationOurEgressBlocksIsRefusedThoughSquidAllowsIt() throws Exception {
        int before = plain.count() + tls.count();
        Curl.Result http = Curl.get(POD, squidPort, "http://" + BLOCKED_AT_EXIT + ":" + plain.port() + "/blocked", null);
        assertEquals(403, http.httpStatus(), http.verbose());
        assertEquals("egress", http.header("X-Proxy-Tier").orElse(""), http.verbose());
        Curl.Result tunnel = Curl.get(POD, squidPort, "https://" + BLOCKED_AT_EXIT + ":" + tls.port() + "/", certificate.pem());
        assertEquals(403, tunnel.proxyStatus(), tunnel.verbose());
        assertEquals(before, plain.count() + tls.count(), "a destination blocked at the exit was reached");
        JsonNode decision = oneEgressDecision(e -> "/blocked".equals(destination(e).path("path").asText()));
        assertEquals(false, decision.path("result").path("allow").asBoolean(), decision.toString());
    }

    private static JsonNode destination(JsonNode entry) {
        return entry.path("input").path("destination");
    }

    private static JsonNode oneEgressDecision(Predicate<JsonNode> filter) throws Exception {
        List<JsonNode> found = decisions.matching(e -> "egress".equals(e.path("tier").asText()) && filter.test(e));
        assertEquals(1, found.size(), "expected one egress decision: " + found);
        return found.get(0);
    }
}
