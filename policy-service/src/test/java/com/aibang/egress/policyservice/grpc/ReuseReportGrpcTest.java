package com.aibang.egress.policyservice.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogVerifier;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.ReuseAck;
import com.aibang.egress.policy.v1.ReuseReport;
import com.aibang.egress.policy.v1.ReusedDecision;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.LoggedDecisions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ReportReuse over real gRPC to the real app (real ../policies, reuse on by default), decision log file on disk. */
@QuarkusTest
@QuarkusTestResource(GrpcTestResource.class)
class ReuseReportGrpcTest extends GrpcAppTest {

    /** A workload of its own per test, so rate counts start from zero. */
    private static CheckRequest edge(String serviceAccount, String requestId) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId(requestId)
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api").setServiceAccount(serviceAccount))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443).setMethod("CONNECT")
                        .setScheme("https"))
                .build();
    }

    private static long sourcePerMinute(Map<?, ?> entry) {
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) entry.get("input")).get("rate")).get("source_per_minute"))
                .longValue();
    }

    @Test
    void theShippedPolicyHandsOutReuseAndReportedReusesAreCountedAndLogged() throws Exception {
        String account = "sa-" + UUID.randomUUID();
        CheckResponse first = stub.check(edge(account, "g1"));
        assertTrue(first.getAllow(), first.toString());
        assertEquals(2, first.getCacheTtlSeconds(), "policies/limits/data.yaml: decision_cache_seconds 2");

        ReuseReport report = ReuseReport.newBuilder().setReportId("grpc-" + account).addItems(ReusedDecision.newBuilder()
                .setDecision(first).setRequest(edge(account, "").toBuilder().clearRequestId()).setCount(25)
                .addAllRequestIds(List.of("g2", "g3")).setRequestIdsOmitted(23)).build();
        ReuseAck ack = stub.reportReuse(report);
        assertEquals(1, ack.getAccepted());

        CheckResponse next = stub.check(edge(account, "g27"));
        assertEquals(27, sourcePerMinute(LoggedDecisions.await(Path.of(decisionLog), next.getDecisionId())),
                "1 asked + 25 reused + this one");
        Map<?, ?> reuse = LoggedDecisions.read(Path.of(decisionLog)).stream()
                .filter(e -> "reuse".equals(e.get("kind")) && first.getDecisionId().equals(e.get("decision_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no reuse entry for " + first.getDecisionId()));
        Map<?, ?> details = (Map<?, ?>) reuse.get("reuse");
        assertEquals(25, ((Number) details.get("count")).intValue());
        assertEquals(List.of("g2", "g3"), details.get("request_ids"));
        assertEquals(23, ((Number) details.get("request_ids_omitted")).intValue());
        assertEquals(first.getPolicyRevision(), reuse.get("policy_revision"));
        assertTrue(DecisionLogVerifier.verify(List.of(Path.of(decisionLog))).intact());
    }

    @Test
    void anInvalidReportIsRefusedWithInvalidArgument() {
        ReuseReport noDecisionId = ReuseReport.newBuilder().setReportId("bad").addItems(ReusedDecision.newBuilder()
                .setRequest(edge("sa-bad", "")).setCount(1)).build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> stub.reportReuse(noDecisionId));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("decision.decision_id is empty"),
                refused.getStatus().getDescription());
    }

    @Test
    void aRecheckIsAnsweredButNotCounted() throws Exception {
        String account = "sa-" + UUID.randomUUID();
        CheckResponse connect = stub.check(edge(account, "c1"));
        CheckResponse recheck = stub.check(edge(account, "c1").toBuilder().setRecheckOf(connect.getDecisionId()).build());
        assertTrue(recheck.getAllow());
        CheckResponse after = stub.check(edge(account, "c2"));
        assertEquals(1, sourcePerMinute(LoggedDecisions.await(Path.of(decisionLog), recheck.getDecisionId())));
        assertEquals(2, sourcePerMinute(LoggedDecisions.await(Path.of(decisionLog), after.getDecisionId())));
    }
}
