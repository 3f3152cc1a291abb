package com.aibang.egress.e2e.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aibang.egress.e2e.Allowlist;
import com.aibang.egress.e2e.Chain;
import com.aibang.egress.e2e.Curl;
import com.aibang.egress.e2e.RecordingUpstream;
import com.aibang.egress.e2e.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules shipped in k8s/components/monitoring name only metrics and labels the real apps serve: an alert
 * on a misspelt metric never fires, and nobody notices until the incident it was meant to catch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringRulesIT {
    private static final List<String> APPS = List.of("policy-service", "egress-proxy", "edge-proxy");
    private static final String POD = "127.0.0.1";
    private static final String REACHABLE = "reachable.test";
    /** Allowed by the policy but resolving to loopback without being declared internal: the SSRF guard refuses it. */
    private static final String REBINDING = "rebinding.test";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    @TempDir
    static Path work;
    static Path repoRoot;
    static RecordingUpstream upstream;
    static Chain chain;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startChainAndSendTraffic() throws Exception {
        assumeTrue(Curl.available(), "curl is not installed (.ci/run installs it)");
        repoRoot = Chain.repoRoot();
        upstream = RecordingUpstream.plain("monitored");
        chain = new Chain(repoRoot, work);
        chain.startForApiPods(new Allowlist().allowInternal(REACHABLE, upstream.port()).allow(REBINDING, upstream.port()),
                List.of(REACHABLE, REBINDING), POD + "/32");

        Curl.awaitServed(POD, chain.edgePort, "http://" + REACHABLE + ":" + upstream.port() + "/warm-up");
        assertEquals(403, get(REBINDING).httpStatus(), "the SSRF guard refuses a non-internal name on loopback");
        assertEquals(403, get("not-listed.test").httpStatus());
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(chain, upstream);
    }

    @Test
    @Order(1)
    void everyAlertNamesMetricsAndLabelsTheAppsServe() throws Exception {
        MetricsExposition served = scrapeAll();
        List<String> problems = new ArrayList<>();
        Set<String> alertNames = new HashSet<>();
        List<JsonNode> rules = alertRules();
        assertFalse(rules.isEmpty(), "no alert rules found");
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            if (!alertNames.add(alert)) {
                problems.add(alert + ": alert name used twice");
            }
            if (!SEVERITIES.contains(rule.path("labels").path("severity").asText())) {
                problems.add(alert + ": severity must be one of " + SEVERITIES);
            }
            if (rule.path("annotations").path("summary").asText().isBlank()) {
                problems.add(alert + ": no summary annotation");
            }
            Map<String, Set<String>> metrics = PromQlNames.metrics(rule.path("expr").asText());
            if (metrics.isEmpty()) {
                problems.add(alert + ": expression names no metric");
            }
            metrics.forEach((metric, labels) -> {
                if (!served.has(metric)) {
                    problems.add(alert + ": no app serves " + metric);
                } else if (!served.labels(metric).containsAll(labels)) {
                    problems.add(alert + ": " + metric + " has labels " + served.labels(metric) + ", the rule matches on " + labels);
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nserved: " + served.samples());
    }

    /** The fail-closed alert selects outcome "none" with status 503: those are the values a refused request gets. */
    @Test
    @Order(2) // stops the policy-service
    void failClosedAlertSelectsWhatARefusalWithoutDecisionRecords() throws Exception {
        chain.stopPolicyService();
        assertEquals(503, get(REACHABLE).httpStatus(), "no policy-service: the edge fails closed");
        String edge = scrape("edge-proxy");
        assertTrue(edge.lines().anyMatch(line -> line.startsWith("proxy_requests_total{")
                        && line.contains("outcome=\"none\"") && line.contains("status=\"503\"")),
                "edge metrics have no proxy_requests_total{outcome=\"none\",status=\"503\"} sample:\n" + edge);
        String failClosed = alertRules().stream().filter(rule -> rule.path("alert").asText().equals("ProxiesFailingClosed"))
                .findFirst().orElseThrow().path("expr").asText();
        assertTrue(failClosed.contains("outcome=\"none\"") && failClosed.contains("status=\"503\""), failClosed);
    }

    private static Curl.Result get(String host) throws IOException, InterruptedException {
        return Curl.get(POD, chain.edgePort, "http://" + host + ":" + upstream.port() + "/", null);
    }

    private static List<JsonNode> alertRules() throws IOException {
        JsonNode rules = new YAMLMapper().readTree(repoRoot.resolve("k8s/components/monitoring/alert-rules.yaml").toFile());
        assertEquals("Rules", rules.path("kind").asText());
        List<JsonNode> alerts = new ArrayList<>();
        rules.path("spec").path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
        return alerts;
    }

    private static MetricsExposition scrapeAll() throws IOException, InterruptedException {
        MetricsExposition served = new MetricsExposition();
        for (String app : APPS) {
            served.add(scrape(app));
        }
        return served;
    }

    private static String scrape(String app) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(chain.metricsUri(app))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), app + " /q/metrics");
        return response.body();
    }
}
