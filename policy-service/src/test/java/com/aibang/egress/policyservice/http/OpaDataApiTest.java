package com.aibang.egress.policyservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policyservice.grpc.GrpcTestResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import com.aibang.egress.policyservice.LoggedDecisions;
import org.junit.jupiter.api.Test;

/** The OPA-compatible Data API over real HTTP on loopback. */
@QuarkusTest
@QuarkusTestResource(GrpcTestResource.class)
class OpaDataApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "policy.decision-log.file")
    String decisionLog;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void evaluatesTheDecisionWithAnInputDocument() throws Exception {
        HttpResponse<String> response = post("/v1/data/egress/decision", """
                {"input": {"tier": "edge", "source": {"ip": "127.0.0.2", "namespace": "api"},
                           "destination": {"host": "login.microsoft.com", "port": 443}}}
                """);

        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> body = JSON.readValue(response.body(), Map.class);
        assertEquals(Map.of("allow", true, "reason", "allowed: namespace api may reach login.microsoft.com:443",
                "rule", "edge_namespace_allowlist", "route", "default"), body.get("result"));
        String decisionId = (String) body.get("decision_id");
        Map<?, ?> line = LoggedDecisions.await(Path.of(decisionLog), decisionId);
        assertEquals("data.egress.decision", line.get("path"));
        assertEquals("edge", line.get("tier"));
        assertEquals(true, line.get("allow"));
        assertEquals(body.get("result"), line.get("result"));
    }

    @Test
    void undefinedDocumentHasNoResult() throws Exception {
        HttpResponse<String> response = post("/v1/data/egress/no_such_rule", "{}");

        assertEquals(200, response.statusCode(), response.body());
        assertFalse(JSON.readValue(response.body(), Map.class).containsKey("result"));
    }

    @Test
    void readsDataWithGet() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(base.toString()).resolve("/v1/data/allowlists/tier1_source_cidrs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"result\":[\"10.0.0.0/8\"]"), response.body());
    }

    @Test
    void invalidJsonIsABadRequest() throws Exception {
        HttpResponse<String> response = post("/v1/data/egress/decision", "{\"input\": ");

        assertEquals(400, response.statusCode());
        assertEquals("invalid_parameter", JSON.readValue(response.body(), Map.class).get("code"));
    }
}
