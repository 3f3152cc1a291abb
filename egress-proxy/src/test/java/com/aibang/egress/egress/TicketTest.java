package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.ticket.TicketAlgorithm;
import com.aibang.egress.proxy.ticket.TicketClaims;
import com.aibang.egress.proxy.ticket.TicketKeys;
import com.aibang.egress.proxy.ticket.TicketSigner;
import com.aibang.egress.proxy.ticket.TicketVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier-1 tickets at tier 2: valid, forged, expired, for another destination, absent but required. */
class TicketTest {

    @TempDir
    static Path dir;
    static RecordingUpstream origin;
    static Tier2 tier2;
    static Key signingKey;
    static Key otherKey;

    @BeforeAll
    static void start() throws Exception {
        origin = RecordingUpstream.http();
        signingKey = writeKeyPair("tier1").getPrivate();
        otherKey = writeKeyPair("forger").getPrivate();
        Key verification = TicketKeys.verificationKey(TicketAlgorithm.ES256, dir.resolve("tier1-public.pem"));
        TicketVerifier verifier = new TicketVerifier(TicketAlgorithm.ES256, verification, Duration.ofSeconds(5),
                Clock.systemUTC());
        // Decisions for request ids starting with "masked" mark the caller's labels and pod secret;
        // those for ids starting with "masked-denied" are denies.
        tier2 = new Tier2(request -> {
            var allowed = Tier2.allow(Set.of("origin.test")).apply(request);
            if (!request.getRequestId().startsWith("masked")) {
                return allowed;
            }
            return allowed.toBuilder().setAllow(!request.getRequestId().startsWith("masked-denied"))
                    .addMask("/input/source/labels/app").addMask("/input/source/pod").build();
        }, "127.0.0.1 origin.test\n",
                builder -> builder.authenticator(new TicketAuthenticator(verifier, true)));
    }

    private static KeyPair writeKeyPair(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(dir.resolve(name + "-public.pem"), TicketKeys.toPem(pair.getPublic()));
        return pair;
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        origin.close();
    }

    @BeforeEach
    void clear() {
        tier2.policy.received().clear();
        origin.seen().clear();
    }

    private String destination() {
        return "origin.test:" + origin.port();
    }

    private static String ticket(Key key, String destination, String requestId, Instant issued, Instant expires) {
        TicketClaims claims = new TicketClaims("edge", "10.4.2.7", "payments", "api", "api-7d9", Map.of("app", "api"),
                "pod-ip", destination, "edge-decision-1", requestId, issued, expires);
        return new TicketSigner(TicketAlgorithm.ES256, key, null, Duration.ofSeconds(30), "edge", Clock.systemUTC())
                .issue(claims);
    }

    private static String fresh(Key key, String destination, String requestId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return ticket(key, destination, requestId, now, now.plusSeconds(30));
    }

    private RawHttp.Response get(String requestId, String ticket) throws Exception {
        try (RawHttp raw = new RawHttp(tier2.port())) {
            return raw.send("GET http://" + destination() + "/t HTTP/1.1\r\nHost: " + destination() + "\r\n"
                    + ProxyHeaders.REQUEST_ID + ": " + requestId + "\r\n"
                    + (ticket == null ? "" : ProxyHeaders.TICKET + ": " + ticket + "\r\n") + "\r\n").read();
        }
    }

    @Test
    void validTicketGivesTheIdentityAndNeverReachesTheDestination() throws Exception {
        RawHttp.Response response = get("req-1", fresh(signingKey, destination(), "req-1"));
        assertEquals(200, response.status());
        CheckRequest check = tier2.policy.received().get(0);
        assertEquals("edge-ticket", check.getSource().getAuthenticatedBy());
        assertEquals("payments", check.getSource().getNamespace());
        assertEquals("api", check.getSource().getServiceAccount());
        assertEquals("127.0.0.1", check.getSource().getIp());
        RecordingUpstream.Seen seen = origin.seen().get(0);
        assertFalse(seen.hasHeader(ProxyHeaders.TICKET));
        assertFalse(seen.hasHeader(ProxyHeaders.REQUEST_ID));
    }

    @Test
    void ticketIdentityIsInTheAuditLineUnlessThePolicyMasksIt() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals(200, get("labels-1", fresh(signingKey, destination(), "labels-1")).status());
            assertEquals(200, get("masked-1", fresh(signingKey, destination(), "masked-1")).status());
            JsonNode open = AuditLines.finished(log, "labels-1");
            assertEquals("app=api", open.get(AccessLog.FIELD_LABELS).asText());
            assertEquals("api-7d9", open.get("pod").asText());
            assertEquals("edge-decision-1", open.get("tier1_decision_id").asText());
            String masked = AuditLines.text(log, "masked-1");
            assertFalse(masked.contains("app=api") || masked.contains("api-7d9"), masked);
            assertEquals("labels,pod", AuditLines.finished(log, "masked-1").get(AccessLog.FIELD_ERASED).asText());
        }
    }

    @Test
    void aTunnelDeniedAtConnectIsMaskedToo() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture()) {
            try (RawHttp raw = new RawHttp(tier2.port())) {
                assertEquals(403, raw.send("CONNECT " + destination() + " HTTP/1.1\r\n" + ProxyHeaders.REQUEST_ID
                        + ": masked-denied-1\r\n" + ProxyHeaders.TICKET + ": "
                        + fresh(signingKey, destination(), "masked-denied-1") + "\r\n\r\n").read().status());
            }
            assertEquals(1, tier2.policy.received().size(), "refused by the policy's answer at CONNECT");
            String masked = AuditLines.text(log, "masked-denied-1");
            JsonNode line = AuditLines.finished(log, "masked-denied-1");
            assertFalse(masked.contains("app=api") || masked.contains("api-7d9"), masked);
            assertFalse(line.has(AccessLog.FIELD_LABELS) || line.has(AccessLog.FIELD_POD), masked);
            assertEquals("labels,pod", line.get(AccessLog.FIELD_ERASED).asText());
            assertEquals(AccessLog.DECISION_DENY, line.get(AccessLog.FIELD_DECISION).asText());
        }
        assertTrue(origin.seen().isEmpty());
    }

    @Test
    void forgedTicketIsRefused() throws Exception {
        assertRefused(get("req-2", fresh(otherKey, destination(), "req-2")), "ticket signature is invalid");
    }

    @Test
    void expiredTicketIsRefused() throws Exception {
        Instant past = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        assertRefused(get("req-3", ticket(signingKey, destination(), "req-3", past, past.plusSeconds(30))), "expired");
    }

    @Test
    void ticketForAnotherDestinationIsRefused() throws Exception {
        assertRefused(get("req-4", fresh(signingKey, "elsewhere.test:443", "req-4")), "elsewhere.test:443");
    }

    @Test
    void ticketOfAnotherRequestIsRefused() throws Exception {
        assertRefused(get("req-5", fresh(signingKey, destination(), "req-other")), "req-other");
    }

    @Test
    void missingTicketIsRefusedWhenRequired() throws Exception {
        assertRefused(get("req-6", null), "ticket_required");
    }

    @Test
    void tunnelsNeedTheTicketToo() throws Exception {
        try (RawHttp raw = new RawHttp(tier2.port())) {
            RawHttp.Response response = raw.send("CONNECT " + destination() + " HTTP/1.1\r\n\r\n").read();
            assertEquals(403, response.status());
        }
    }

    private void assertRefused(RawHttp.Response response, String reasonPart) {
        assertEquals(403, response.status());
        assertTrue(response.header(ProxyHeaders.REASON).contains(reasonPart), response.header(ProxyHeaders.REASON));
        assertTrue(tier2.policy.received().isEmpty(), "the policy was asked despite a bad ticket");
        assertTrue(origin.seen().isEmpty());
    }
}
