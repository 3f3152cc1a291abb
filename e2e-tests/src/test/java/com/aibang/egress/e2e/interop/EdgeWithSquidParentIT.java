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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing tier 1 first: our edge-proxy with a real Squid as its parent (tier 2). Squid accepts only the edge's address
 * (src ACL), allows one domain (dstdomain) and goes direct to the local upstreams. Our policy still decides at tier 1.
 */
class EdgeWithSquidParentIT {
    private static final String POD = "127.0.0.2";
    private static final String ALLOWED = "app.allowed.test";
    /** Our policy allows it, the Squid tier 2 does not: Squid's refusal must reach the client. */
    private static final String DENIED_BY_SQUID = "squid-denied.test";
    /** Our policy denies it: the edge refuses before Squid sees anything. */
    private static final String DENIED_BY_EDGE = "edge-denied.test";
    /** Tier 1's own headers, which a Squid tier 2 must not pass on (our egress-proxy strips them itself). */
    private static final List<String> TIER1_HEADERS = List.of("X-Proxy-Request-Id", "X-Proxy-Ticket");

    @TempDir
    static Path work;
    static Chain chain;
    static SquidProcess squid;
    static RecordingUpstream plain;
    static RecordingUpstream tls;
    static TestCertificate certificate;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(SquidProcess.available(), SquidProcess.INSTALL_HINT);
        assumeTrue(Curl.available(), "curl is not installed: apt-get install -y curl (.ci/run does)");
        certificate = TestCertificate.create(work, List.of(ALLOWED, DENIED_BY_SQUID, DENIED_BY_EDGE));
        plain = RecordingUpstream.plain("plain-via-squid");
        tls = RecordingUpstream.tls("tls-via-squid", certificate.serverContext());
        chain = new Chain(InteropSetup.repoRoot(), work);
        Path hosts = chain.loopbackHosts(ALLOWED, DENIED_BY_SQUID, DENIED_BY_EDGE);
        int squidPort = chain.freePort();
        squid = SquidProcess.start("tier2", squidPort, hosts, squidTier2Rules(), InteropSetup.logDir());
        chain.startPolicyService(chain.preparePolicies(allowlist()));
        chain.edgeProperty("edge.parent.port", String.valueOf(squidPort))
                .edgeProperty("edge.policy.deadline", InteropSetup.PATIENT_DEADLINE);
        chain.startEdge(Map.of("edge.identities.\"" + POD + "/32\".namespace", "api"));
        Curl.awaitServed(POD, chain.edgePort, "http://" + ALLOWED + ":" + plain.port() + "/warm-up");
    }

    private static String squidTier2Rules() {
        return """
                acl tier1 src 127.0.0.1/32
                acl allowed_dst dstdomain %1$s
                acl upstream_ports port %2$d %3$d
                http_access deny !upstream_ports
                http_access allow tier1 allowed_dst
                http_access deny all
                request_header_access %4$s deny all
                request_header_access %5$s deny all
                """.formatted(ALLOWED, plain.port(), tls.port(), TIER1_HEADERS.get(0), TIER1_HEADERS.get(1));
    }

    private static String allowlist() {
        return new Allowlist().allow(ALLOWED, plain.port(), tls.port()).allow(DENIED_BY_SQUID, plain.port(), tls.port())
                .yaml();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(chain, squid, plain, tls);
    }

    @Test
    void plainHttpGoesThroughTheEdgeAndSquid() throws Exception {
        Curl.Result result = Curl.get(POD, chain.edgePort, "http://" + ALLOWED + ":" + plain.port() + "/via-squid", null);
        assertEquals(200, result.httpStatus(), result.verbose() + squid.diagnostics());
        assertEquals("plain-via-squid /via-squid", result.body());
        RecordingUpstream.Received received = plain.received().stream()
                .filter(r -> r.path().equals("/via-squid")).findFirst().orElseThrow();
        String via = String.join(",", received.headers().getOrDefault("Via", List.of()));
        assertTrue(via.contains("tier2"), "the request did not pass the Squid parent (Via: " + via + ")");
        for (String header : TIER1_HEADERS) {
            assertFalse(received.hasHeader(header), header + " reached the destination through Squid: " + received);
        }
        List<JsonNode> decided = new DecisionLog(chain.decisionLog).matching(
                e -> "/via-squid".equals(e.path("input").path("destination").path("path").asText()));
        assertEquals(1, decided.size(), "expected one decision, by tier 1: " + decided);
        assertEquals("edge", decided.get(0).path("tier").asText());
        assertTrue(decided.get(0).path("result").path("allow").asBoolean(), decided.toString());
    }

    @Test
    void connectTunnelGoesThroughTheEdgeAndSquid() throws Exception {
        Curl.Result result = Curl.get(POD, chain.edgePort, "https://" + ALLOWED + ":" + tls.port() + "/tunnel-via-squid",
                certificate.pem());
        assertEquals(200, result.connectStatus(), result.verbose() + squid.diagnostics());
        assertEquals(200, result.httpStatus(), result.verbose());
        assertEquals("tls-via-squid /tunnel-via-squid", result.body());
    }

    @Test
    void destinationSquidDoesNotAllowIsRefusedAndNeverReached() throws Exception {
        int before = plain.count() + tls.count();
        Curl.Result http = Curl.get(POD, chain.edgePort, "http://" + DENIED_BY_SQUID + ":" + plain.port() + "/", null);
        assertEquals(403, http.httpStatus(), http.verbose());
        Curl.Result tunnel = Curl.get(POD, chain.edgePort, "https://" + DENIED_BY_SQUID + ":" + tls.port() + "/", certificate.pem());
        assertEquals(403, tunnel.proxyStatus(), tunnel.verbose());
        assertEquals(before, plain.count() + tls.count(), "a destination Squid denies was reached");
    }

    @Test
    void destinationOurPolicyDeniesIsRefusedByTheEdge() throws Exception {
        int before = plain.count() + tls.count();
        Curl.Result http = Curl.get(POD, chain.edgePort, "http://" + DENIED_BY_EDGE + ":" + plain.port() + "/", null);
        assertEquals(403, http.httpStatus(), http.verbose());
        assertEquals("edge", http.header("X-Proxy-Tier").orElse(""), http.verbose());
        Curl.Result tunnel = Curl.get(POD, chain.edgePort, "https://" + DENIED_BY_EDGE + ":" + tls.port() + "/", certificate.pem());
        assertEquals(403, tunnel.proxyStatus(), tunnel.verbose());
        assertEquals("edge", tunnel.header("X-Proxy-Tier").orElse(""), tunnel.verbose());
        assertEquals(before, plain.count() + tls.count(), "a destination our policy denies was reached");
    }
}
