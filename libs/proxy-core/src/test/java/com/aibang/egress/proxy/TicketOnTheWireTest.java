package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.ticket.TicketAlgorithm;
import com.aibang.egress.proxy.ticket.TicketClaims;
import com.aibang.egress.proxy.ticket.TicketSigner;
import com.aibang.egress.proxy.ticket.TicketVerifier;
import com.aibang.egress.proxy.upstream.ParentMember;
import com.aibang.egress.proxy.upstream.ParentPool;
import com.aibang.egress.proxy.upstream.ParentProxyRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tier 1 attaches a valid ticket for the request to what it sends its parent; a client's own ticket never passes. */
class TicketOnTheWireTest {

    @Test
    void plainRequestAndConnectCarryAValidTicketAndNotTheClients() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TicketSigner signer = new TicketSigner(TicketAlgorithm.EDDSA, pair.getPrivate(), null, Duration.ofSeconds(30),
                "edge", Clock.systemUTC());
        TicketVerifier verifier = new TicketVerifier(TicketAlgorithm.EDDSA, pair.getPublic(), Duration.ofSeconds(5),
                Clock.systemUTC());
        try (PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
                RecordingUpstream parent = RecordingUpstream.http();
                ServerSocket connectParent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ParentPool pool = new ParentPool("default", List.of(new ParentMember("127.0.0.1", parent.port(), 1)),
                    Duration.ofSeconds(5), null, null, 1);
            ParentPool connectPool = new ParentPool("tunnels", List.of(new ParentMember("127.0.0.1",
                    connectParent.getLocalPort(), 1)), Duration.ofSeconds(5), null, null, 1);
            RouteTable routes = RouteTable.of(List.of(new ParentProxyRoute(pool, signer),
                    new ParentProxyRoute(connectPool, signer)), "default");
            try (TestProxies edge = new TestProxies(ProxyTier.EDGE, policy.port(), Duration.ofSeconds(10),
                    (gate, options) -> options.routes(routes).identity(ChainedProxyTest.EDGE_IDENTITIES))) {
                String forged = signer.issue(new TicketClaims("edge", "127.0.0.2", "admin", "root", "", null, "pod-ip",
                        "allowed.test:80", "x", "x", java.time.Instant.now(), java.time.Instant.now().plusSeconds(30)));
                try (RawHttp raw = new RawHttp("127.0.0.2", edge.port())) {
                    assertEquals(200, raw.send("GET http://allowed.test/t HTTP/1.1\r\nHost: allowed.test\r\n"
                            + ProxyHeaders.TICKET + ": " + forged + "\r\n\r\n").read().status());
                }
                List<String> tickets = parent.seen().get(0).header(ProxyHeaders.TICKET);
                assertEquals(1, tickets.size());
                assertNotEquals(forged, tickets.get(0), "the client's ticket was removed");
                TicketClaims claims = verifier.verify(tickets.get(0));
                CheckRequest check = policy.received().get(0);
                assertEquals("payments", claims.namespace());
                assertEquals("api", claims.serviceAccount());
                assertEquals("127.0.0.2", claims.sourceIp());
                assertEquals("allowed.test:80", claims.destination());
                assertEquals(check.getRequestId(), claims.requestId());
                assertEquals("d-" + check.getRequestId(), claims.decisionId());
            }
        }
    }

    @Test
    void connectToTheParentCarriesTheTicket() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TicketSigner signer = new TicketSigner(TicketAlgorithm.EDDSA, pair.getPrivate(), null, Duration.ofSeconds(30),
                "edge", Clock.systemUTC());
        TicketVerifier verifier = new TicketVerifier(TicketAlgorithm.EDDSA, pair.getPublic(), Duration.ofSeconds(5),
                Clock.systemUTC());
        try (PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
                ServerSocket parent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ParentPool pool = new ParentPool("default", List.of(new ParentMember("127.0.0.1", parent.getLocalPort(), 1)),
                    Duration.ofSeconds(5), null, null, 1);
            try (TestProxies edge = new TestProxies(ProxyTier.EDGE, policy.port(), Duration.ofSeconds(10),
                    (gate, options) -> options.routes(RouteTable.of(List.of(new ParentProxyRoute(pool, signer)), "default"))
                            .identity(ChainedProxyTest.EDGE_IDENTITIES));
                    RawHttp raw = new RawHttp("127.0.0.2", edge.port())) {
                CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> {
                    try (Socket accepted = parent.accept()) {
                        String text = readHead(accepted.getInputStream());
                        accepted.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        accepted.getOutputStream().flush();
                        return text;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                raw.send("CONNECT allowed.test:443 HTTP/1.1\r\n" + ProxyHeaders.TICKET + ": forged\r\n\r\n");
                assertEquals(200, raw.read().status());
                String connect = head.get(20, TimeUnit.SECONDS);
                String ticket = connect.lines().filter(line -> line.toLowerCase().startsWith("x-proxy-ticket:"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
                TicketClaims claims = verifier.verify(ticket);
                assertEquals("allowed.test:443", claims.destination());
                assertEquals("payments", claims.namespace());
            }
        }
    }

    static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
