package com.aibang.egress.policyservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policyservice.grpc.GrpcTestResource;
import com.aibang.egress.rego.bundle.PolicyBundle;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OPA's /health, /q/health readiness, Prometheus metrics and the retained-decisions query, over real HTTP. */
@QuarkusTest
@QuarkusTestResource(GrpcTestResource.class)
class OperabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void opaHealthAnswersLikeOpa() throws Exception {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("{}", response.body());
    }

    @Test
    void readinessNamesTheServingRevision() throws Exception {
        HttpResponse<String> response = get("/q/health/ready");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains(PolicyBundle.load(Path.of("../policies")).revision()), response.body());
    }

    @Test
    void provenanceNamesTheRevision() throws Exception {
        HttpResponse<String> response = post("/v1/data/egress/decision?provenance", "{\"input\": {\"tier\": \"edge\"}}");

        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> body = JSON.readValue(response.body(), Map.class);
        assertEquals(Map.of("revision", PolicyBundle.load(Path.of("../policies")).shortRevision()), body.get("provenance"));
    }

    @Test
    void prometheusMetricsCoverDecisionsLogAndReloads() throws Exception {
        post("/v1/data/egress/decision", "{\"input\": {\"tier\": \"edge\"}}");
        HttpResponse<String> metrics = get("/q/metrics");

        assertEquals(200, metrics.statusCode());
        for (String name : List.of("policy_decisions_total{result=\"deny\",tier=\"edge\"}",
                "policy_evaluation_seconds_bucket{tier=\"edge\"", "policy_decision_log_queue_depth", "policy_decision_log_write_failures_total",
                "policy_decision_log_rejected_total", "policy_reloads_total", "policy_reload_failures_total",
                "policy_revision_info{revision=\"" + PolicyBundle.load(Path.of("../policies")).shortRevision() + "\"} 1")) {
            assertTrue(metrics.body().contains(name), name + " missing from /q/metrics");
        }
    }

    @Test
    void theRedisClientAndItsPoolMetersOnlyExistWithTheRedisStore() throws Exception {
        HttpResponse<String> metrics = get("/q/metrics");

        assertEquals(200, metrics.statusCode());
        assertFalse(metrics.body().contains("redis_pool"), "memory rate store, yet Redis pool meters are registered");
    }

    @Test
    void decisionsQueryFindsRetainedEntries() throws Exception {
        String requestId = "query-" + System.nanoTime();
        post("/v1/data/egress/decision", "{\"input\": {\"tier\": \"edge\", \"request_id\": \"" + requestId
                + "\", \"source\": {\"namespace\": \"api\"}, \"destination\": {\"host\": \"example.com\", \"port\": 443}}}");

        HttpResponse<String> response = get("/v1/decisions?request_id=" + requestId + "&allow=false&namespace=api");

        assertEquals(200, response.statusCode(), response.body());
        List<?> result = (List<?>) JSON.readValue(response.body(), Map.class).get("result");
        assertEquals(1, result.size(), response.body());
        assertEquals(requestId, ((Map<?, ?>) result.get(0)).get("request_id"));
        assertEquals(400, get("/v1/decisions?allow=maybe").statusCode());
    }
}
