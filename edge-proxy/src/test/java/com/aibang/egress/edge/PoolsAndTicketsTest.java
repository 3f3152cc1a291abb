package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.ticket.TicketAlgorithm;
import com.aibang.egress.proxy.ticket.TicketClaims;
import com.aibang.egress.proxy.ticket.TicketVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The app wired from edge.parents.*, edge.ticket.*, edge.access-log.format and edge.degraded.* properties. */
@QuarkusTest
@QuarkusTestResource(value = PoolsAndTicketsResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolsAndTicketsTest {

    /** Port of the policy double, kept across its outage. */
    static int policyPort;

    @Inject
    EdgeProxy proxy;

    private int get(String host) throws Exception {
        try (RawHttp raw = new RawHttp("127.0.0.4", proxy.boundAddress().getPort())) {
            return raw.send("GET http://" + host + "/p HTTP/1.1\r\nHost: " + host + "\r\n"
                    + ProxyHeaders.TICKET + ": client-made\r\n\r\n").read().status();
        }
    }

    @Test
    @Order(1)
    void requestsSpreadOverThePoolCarryCredentialsAndAValidTicket() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("allowed.test"));
        }
        assertEquals(2, PoolsAndTicketsResource.first.seen().size());
        assertEquals(2, PoolsAndTicketsResource.second.seen().size());
        TicketVerifier verifier = new TicketVerifier(TicketAlgorithm.ES256,
                PoolsAndTicketsResource.ticketKeys.getPublic(), Duration.ofSeconds(5), Clock.systemUTC());
        List<RecordingUpstream.Seen> seen = new ArrayList<>(PoolsAndTicketsResource.first.seen());
        seen.addAll(PoolsAndTicketsResource.second.seen());
        List<String> requestIds = PoolsAndTicketsResource.policy.received().stream().map(CheckRequest::getRequestId)
                .toList();
        for (RecordingUpstream.Seen request : seen) {
            assertEquals(List.of("Basic ZWRnZTpwb29sLXNlY3JldA=="), request.header("Proxy-Authorization"));
            List<String> tickets = request.header(ProxyHeaders.TICKET);
            assertEquals(1, tickets.size());
            TicketClaims claims = verifier.verify(tickets.get(0));
            assertEquals("loopback", claims.namespace());
            assertEquals("allowed.test:80", claims.destination());
            assertTrue(requestIds.contains(claims.requestId()));
            assertEquals(request.header(ProxyHeaders.REQUEST_ID), List.of(claims.requestId()));
        }
    }

    @Test
    @Order(2)
    void aParentKilledMidRunCostsNoClientARequest() throws Exception {
        int before = PoolsAndTicketsResource.second.seen().size();
        PoolsAndTicketsResource.first.close();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, get("allowed.test"), "request " + i);
        }
        assertEquals(before + 6, PoolsAndTicketsResource.second.seen().size());
    }

    @Test
    @Order(3)
    void squidFormatAccessLine() throws Exception {
        List<String> lines;
        // Read (lines() waits for the writer thread) before the capture is removed: the line may still be queued.
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals(403, get("denied.test"));
            lines = log.lines();
        }
        assertTrue(lines.stream().anyMatch(line -> line.matches(
                "\\d+\\.\\d{3} +\\d+ 127\\.0\\.0\\.4 TCP_DENIED/403 0 GET denied\\.test:80 \\S+ HIER_NONE/- -")),
                lines.toString());
    }

    @Test
    @Order(4)
    void degradedModeReusesARecentAllowOnlyForTheSameCallerAndDestination() throws Exception {
        assertEquals(200, get("allowed.test"));
        policyPort = PoolsAndTicketsResource.policy.port();
        PoolsAndTicketsResource.policy.stop();
        assertEquals(200, get("allowed.test"), "recent allow reused");
        assertEquals(503, get("xn--bcher-kva.test"), "nothing seen for this destination: fail closed");
    }

    @Test
    @Order(5)
    void answersAgainPromptlyWhenThePolicyServiceComesBackOnItsPort() throws Exception {
        // A long enough outage for gRPC's reconnect backoff to grow to seconds.
        for (int i = 0; i < 25; i++) {
            assertEquals(503, get("xn--bcher-kva.test"));
            Thread.sleep(200);
        }
        PoolsAndTicketsResource.policy.start(policyPort);
        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
            status = get("xn--bcher-kva.test");
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status, "still refused 20 attempts after the policy-service came back");
    }
}
