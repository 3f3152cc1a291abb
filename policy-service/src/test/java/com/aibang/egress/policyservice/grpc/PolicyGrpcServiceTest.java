package com.aibang.egress.policyservice.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.rego.bundle.PolicyBundle;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.aibang.egress.policyservice.LoggedDecisions;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The real app on a free loopback port, the real ../policies, a real grpc-java client. */
@QuarkusTest
@QuarkusTestResource(GrpcTestResource.class)
class PolicyGrpcServiceTest extends GrpcAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CheckRequest edge(String requestId, String namespace, String host, int port) {
        Source.Builder source = Source.newBuilder().setIp("127.0.0.2").setAuthenticatedBy("static-cidr");
        if (!namespace.isEmpty()) {
            source.setNamespace(namespace).setServiceAccount(namespace);
        }
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId(requestId).setSource(source)
                .setDestination(Destination.newBuilder().setHost(host).setPort(port).setMethod("CONNECT"))
                .build();
    }

    private static CheckRequest egress(String requestId, String ip, String host, int port) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EGRESS).setRequestId(requestId)
                .setSource(Source.newBuilder().setIp(ip))
                .setDestination(Destination.newBuilder().setHost(host).setPort(port).setMethod("CONNECT"))
                .build();
    }

    private Map<?, ?> logLineFor(String decisionId) throws IOException, InterruptedException {
        return LoggedDecisions.await(Path.of(decisionLog), decisionId);
    }

    @Test
    void edgeAllowsTheApiNamespaceToReachLoginMicrosoft() throws Exception {
        String requestId = UUID.randomUUID().toString();
        CheckResponse response = stub.check(edge(requestId, "api", "login.microsoft.com", 443));

        assertTrue(response.getAllow(), response.toString());
        assertEquals("default", response.getRoute());
        assertEquals("edge_namespace_allowlist", response.getRule());
        assertEquals("allowed: namespace api may reach login.microsoft.com:443", response.getReason());
        assertEquals(PolicyBundle.load(Path.of("../policies")).shortRevision(), response.getPolicyRevision());

        Map<?, ?> line = logLineFor(response.getDecisionId());
        assertEquals("data.egress.decision", line.get("path"));
        assertEquals("edge", line.get("tier"));
        assertEquals(requestId, line.get("request_id"));
        assertEquals(response.getPolicyRevision(), line.get("policy_revision"));
        assertEquals(true, line.get("allow"));
        assertEquals(response.getReason(), line.get("reason"));
        Instant.parse((String) line.get("timestamp"));
        assertTrue(((Map<?, ?>) line.get("metrics")).get("timer_rego_query_eval_ns") instanceof Number);
        assertEquals("rego", line.get("decided_by"));
        Map<?, ?> rate = (Map<?, ?>) ((Map<?, ?>) line.get("input")).get("rate");
        assertTrue(((Number) rate.get("source_per_minute")).longValue() >= 1, rate.toString());
        assertTrue(((Number) rate.get("source_destination_per_minute")).longValue() >= 1, rate.toString());
        assertEquals(Map.of("ip", "127.0.0.2", "namespace", "api", "service_account", "api",
                "authenticated_by", "static-cidr"), ((Map<?, ?>) line.get("input")).get("source"));
        assertEquals(true, ((Map<?, ?>) line.get("result")).get("allow"));
    }

    @Test
    void edgeDeniesADestinationOutsideTheNamespaceAllowlist() throws Exception {
        CheckResponse response = stub.check(edge("r-2", "api", "microsoftonline.com", 443));

        assertFalse(response.getAllow());
        assertEquals("denied: namespace api may not reach microsoftonline.com:443", response.getReason());
        assertEquals("edge_destination_not_allowed", logLineFor(response.getDecisionId()).get("rule"));
    }

    @Test
    void edgeDeniesAnUnknownSource() {
        CheckResponse response = stub.check(edge("r-3", "", "login.microsoft.com", 443));

        assertFalse(response.getAllow());
        assertEquals("denied: unknown source 127.0.0.2 (no namespace)", response.getReason());
    }

    @Test
    void egressAllowsATier1SourceToAnAllowedDestination() throws Exception {
        CheckResponse response = stub.check(egress("r-4", "10.20.30.40", "login.microsoftonline.com", 443));

        assertTrue(response.getAllow(), response.toString());
        assertEquals("direct", response.getRoute());
        assertEquals("egress", logLineFor(response.getDecisionId()).get("tier"));
    }

    @Test
    void egressDeniesASourceOutsideTheTier1Ranges() {
        CheckResponse response = stub.check(egress("r-5", "192.168.7.7", "login.microsoft.com", 443));

        assertFalse(response.getAllow());
        assertEquals("denied: source 192.168.7.7 is not a tier-1 source", response.getReason());
    }

    @Test
    void requestWithoutTierGetsTheDefaultDeny() throws Exception {
        CheckResponse response = stub.check(CheckRequest.newBuilder().setRequestId("r-6").build());

        assertFalse(response.getAllow());
        assertEquals("denied: request matched no rule", response.getReason());
        assertFalse(logLineFor(response.getDecisionId()).containsKey("tier"));
    }

    @Test
    void theLogLineIsInTheFileWhenTheReplyArrives() throws Exception {
        for (int i = 0; i < 20; i++) {
            CheckResponse response = stub.check(edge("on-record-" + i, "api", "login.microsoft.com", 443));

            // Read once, no waiting: with wait-for-write (default) the event loop wrote and flushed it before replying.
            assertTrue(LoggedDecisions.read(Path.of(decisionLog)).stream()
                    .anyMatch(entry -> response.getDecisionId().equals(entry.get("decision_id"))),
                    "decision " + response.getDecisionId() + " answered before it was logged");
        }
    }

    @Test
    void everyDecisionGetsItsOwnId() {
        CheckRequest request = edge("r-7", "api", "login.microsoft.com", 443);

        assertFalse(stub.check(request).getDecisionId().equals(stub.check(request).getDecisionId()));
    }

    @Test
    void concurrentChecksAreAllAnsweredAndLoggedOnce() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<CheckResponse>> futures = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            boolean allowed = i % 2 == 0;
            CheckRequest request = edge("c-" + i, "api", allowed ? "login.microsoft.com" : "example.com", 443);
            futures.add(pool.submit(() -> stub.check(request)));
        }
        Set<String> decisionIds = new HashSet<>();
        for (int i = 0; i < futures.size(); i++) {
            CheckResponse response = futures.get(i).get();
            assertEquals(i % 2 == 0, response.getAllow(), response.toString());
            decisionIds.add(response.getDecisionId());
        }
        pool.shutdown();

        assertEquals(threads * perThread, decisionIds.size());
        for (String decisionId : decisionIds) {
            logLineFor(decisionId);
        }
        long logged = LoggedDecisions.read(Path.of(decisionLog)).stream()
                .map(entry -> (String) entry.get("decision_id"))
                .filter(decisionIds::contains)
                .count();
        assertEquals(threads * perThread, logged);
    }

    @Test
    void grpcHealthServiceReportsThePolicyServiceServing() {
        var health = HealthGrpc.newBlockingStub(channel);

        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder()
                .setService("policy.v1.PolicyService").build()).getStatus());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
                health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    @Test
    void sampleMaskPolicyRedactsQueryStringsInTheLog() throws Exception {
        CheckRequest request = CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId("mask-1")
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api"))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(80).setMethod("GET")
                        .setScheme("http").setPath("/oauth/callback?code=secret-code&state=s"))
                .build();
        CheckResponse response = stub.check(request);

        Map<?, ?> line = logLineFor(response.getDecisionId());
        Map<?, ?> destination = (Map<?, ?>) ((Map<?, ?>) line.get("input")).get("destination");
        assertEquals("/oauth/callback?REDACTED", destination.get("path"));
        assertEquals(List.of("/input/destination/path"), line.get("masked"));
        assertFalse(Files.readString(Path.of(decisionLog)).contains("secret-code"));
        assertEquals(List.of("/input/destination/path"), response.getMaskList());
        assertEquals(0, response.getCacheTtlSeconds());
    }

    @Test
    void nothingIsMaskedWhenTheSampleMaskPolicyFindsNoQueryString() {
        assertEquals(List.of(), stub.check(edge("mask-2", "api", "login.microsoft.com", 443)).getMaskList());
    }
}
