package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.PrometheusText;
import com.aibang.egress.proxy.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** /q/metrics moves with traffic; /q/health/ready and /q/health/live report the engine's state. */
@QuarkusTest
@QuarkusTestResource(PolicyAndParentResource.class)
class EdgeOperabilityTest {

    @Inject
    EdgeProxy proxy;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/q/health/live")
    URL live;

    private static HttpResponse<String> get(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sum of every sample of a metric whose labels contain all the given label pairs. */
    private double sample(String metric, String... labels) throws Exception {
        return PrometheusText.sum(get(metrics).body(), metric, labels);
    }

    @Test
    void metricsCountRequestsByOutcomeAndDecisionLatency() throws Exception {
        double allowedBefore = sample("proxy_requests_total", "outcome=\"allow\"", "tier=\"edge\"");
        double deniedBefore = sample("proxy_requests_total", "outcome=\"deny\"", "status=\"403\"");
        double decisionsBefore = sample("proxy_policy_decision_seconds_count");
        try (RawHttp raw = new RawHttp("127.0.0.2", proxy.boundAddress().getPort())) {
            assertEquals(200, raw.send("GET http://allowed.test/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read().status());
            assertEquals(403, raw.send("GET http://denied.test/ HTTP/1.1\r\nHost: denied.test\r\n\r\n").read().status());
        }
        assertEquals(allowedBefore + 1, sample("proxy_requests_total", "outcome=\"allow\"", "tier=\"edge\""));
        assertEquals(deniedBefore + 1, sample("proxy_requests_total", "outcome=\"deny\"", "status=\"403\""));
        assertEquals(decisionsBefore + 2, sample("proxy_policy_decision_seconds_count"));
        assertTrue(get(metrics).body().contains("proxy_policy_decision_seconds_bucket"), "latency histogram");
        assertEquals(1, sample("proxy_parent_up", "pool=\"default\""), "parent health gauge");
    }

    @Test
    void limitBreachesAreCounted() throws Exception {
        double before = sample("proxy_limit_breaches_total", "limit=\"request-line\"");
        try (RawHttp raw = new RawHttp(proxy.boundAddress().getPort())) {
            assertEquals(414, raw.send("GET http://allowed.test/" + "x".repeat(9000) + " HTTP/1.1\r\n\r\n").read().status());
        }
        assertEquals(before + 1, sample("proxy_limit_breaches_total", "limit=\"request-line\""));
    }

    @Test
    void readyAndLive() throws Exception {
        // Readiness asks the policy channel to connect; it converges once the first probe connected it.
        HttpResponse<String> readiness = get(ready);
        for (int i = 0; i < 100 && readiness.statusCode() != 200; i++) {
            Thread.sleep(100);
            readiness = get(ready);
        }
        assertEquals(200, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("\"parents\""), readiness.body());
        assertTrue(readiness.body().contains("\"policy-service\""), readiness.body());
        assertEquals(200, get(live).statusCode());
    }
}
