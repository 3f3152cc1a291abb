package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.PrometheusText;
import com.aibang.egress.proxy.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Tier 2's own meters on /q/metrics: refused sources, SSRF blocks, SNI refusals, cache lookups and hit ratio. */
@QuarkusTest
@QuarkusTestResource(PolicyAndHostsResource.class)
class EgressMetricsTest {

    @Inject
    EgressProxy proxy;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void refusedSourcesSsrfBlocksSniMismatchesAndCacheLookupsAreOnTheMetricsPage() throws Exception {
        double sourcesBefore = sample("proxy_sources_refused_total", "tier=\"egress\"");
        double ssrfBefore = sample("proxy_ssrf_blocked_total", "tier=\"egress\"");
        double sniBefore = sample("proxy_sni_refused_total", "reason=\"sni_mismatch\"");
        double missesBefore = sample("proxy_cache_lookups_total", "result=\"miss\"");
        int port = proxy.boundAddress().getPort();
        int origin = PolicyAndHostsResource.upstream.port();

        try (RawHttp outside = new RawHttp("127.0.0.2", port)) {
            assertTrue(closedWithoutAnswer(outside), "a source outside egress.allowed-source-cidrs was served");
        }
        try (RawHttp raw = new RawHttp(port)) {
            // ssrf.test resolves to loopback and the policy does not call it internal.
            assertEquals(403, raw.send("GET http://ssrf.test:" + origin + "/ HTTP/1.1\r\nHost: ssrf.test\r\n\r\n")
                    .read().status());
        }
        try (RawHttp raw = new RawHttp(port)) {
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin + " HTTP/1.1\r\n\r\n").read().status());
            raw.socket().getOutputStream().write(ClientHellos.of("elsewhere.test"));
            raw.socket().getOutputStream().flush();
            assertTrue(raw.closedByPeer());
        }
        try (RawHttp raw = new RawHttp(port)) {
            assertEquals(200, raw.send("GET http://allowed.test:" + origin + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n")
                    .read().status());
        }

        assertEquals(sourcesBefore + 1, sample("proxy_sources_refused_total", "tier=\"egress\""));
        assertEquals(ssrfBefore + 1, sample("proxy_ssrf_blocked_total", "tier=\"egress\""));
        assertEquals(sniBefore + 1, sample("proxy_sni_refused_total", "reason=\"sni_mismatch\""));
        assertEquals(missesBefore + 1, sample("proxy_cache_lookups_total", "result=\"miss\""));
        String page = get(metrics).body();
        assertTrue(page.contains("proxy_cache_hit_ratio{tier=\"egress\"}"), "no cache hit ratio gauge");
        assertTrue(page.contains("proxy_cache_entries{tier=\"egress\"}"), "no cache entries gauge");
    }

    /** End of stream or a reset, with not one byte of answer. */
    private static boolean closedWithoutAnswer(RawHttp client) {
        try {
            client.send("CONNECT anything.test:443 HTTP/1.1\r\n\r\n");
            return client.socket().getInputStream().read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private static HttpResponse<String> get(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sum of every sample of a metric whose labels contain all the given label pairs. */
    private double sample(String metric, String... labels) throws Exception {
        return PrometheusText.sum(get(metrics).body(), metric, labels);
    }
}
