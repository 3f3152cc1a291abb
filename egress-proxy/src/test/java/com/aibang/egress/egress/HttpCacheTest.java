package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.egress.ScriptedOrigin.Answer;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.cache.CacheExchange;
import com.aibang.egress.proxy.cache.CacheMeters;
import com.aibang.egress.proxy.cache.HttpCache;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP cache at tier 2 with a real origin and real sockets: what is stored, served, revalidated. */
class HttpCacheTest {

    static final String LAST_MODIFIED = "Tue, 03 Nov 2026 10:00:00 GMT";
    static final AtomicBoolean denyAll = new AtomicBoolean();
    static ScriptedOrigin origin;
    static Tier2 tier2;
    static final HttpCache cache = new HttpCache(1 << 20, 1 << 16, Clock.systemUTC());

    @BeforeAll
    static void start() throws Exception {
        origin = new ScriptedOrigin()
                .on("/cacheable", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "max-age=600"))
                .on("/no-store", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "no-store, max-age=600"))
                .on("/vary", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "max-age=600",
                        "Vary", "Accept-Language"))
                .on("/vary-star", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "max-age=600", "Vary", "*"))
                .on("/etag", (request, n) -> "\"v1\"".equals(request.getFirst("If-None-Match"))
                        ? notModified("Cache-Control", "max-age=600")
                        : ok("etag body", "Cache-Control", "max-age=0", "ETag", "\"v1\""))
                .on("/last-modified", (request, n) -> LAST_MODIFIED.equals(request.getFirst("If-Modified-Since"))
                        ? notModified()
                        : ok("dated body", "Cache-Control", "no-cache", "Last-Modified", LAST_MODIFIED))
                .on("/changed", (request, n) -> switch (n) {
                    case 0 -> ok("first", "Cache-Control", "max-age=0", "ETag", "\"v1\"");
                    case 1 -> ok("second", "Cache-Control", "max-age=0", "ETag", "\"v2\"");
                    default -> "\"v2\"".equals(request.getFirst("If-None-Match")) ? notModified() : ok("wrong");
                })
                .on("/error", (request, n) -> n == 0 ? ok("kept", "Cache-Control", "max-age=0", "ETag", "\"e\"")
                        : new Answer(503, Map.of(), "origin down"))
                .on("/stale-if-error", (request, n) -> n == 0
                        ? ok("kept", "Cache-Control", "max-age=0, stale-if-error=600", "ETag", "\"s\"")
                        : new Answer(503, Map.of(), "origin down"))
                .on("/client-conditional", (request, n) -> ok("tagged", "Cache-Control", "max-age=600", "ETag", "\"c\""))
                .on("/auth-private", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "max-age=600"))
                .on("/auth-public", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "public, max-age=600"))
                .on("/invalidated", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "max-age=600"))
                .on("/deny-on-hit", (request, n) -> ok("answer " + (n + 1), "Cache-Control", "max-age=600"))
                .on("/expires-future", (request, n) -> ok("answer " + (n + 1), "Expires", httpDate(3600)))
                .on("/expires-past", (request, n) -> ok("answer " + (n + 1), "Expires", httpDate(-3600)));
        tier2 = new Tier2(request -> denyAll.get()
                        ? CheckResponse.newBuilder().setAllow(false).setReason("denied by test").build()
                        : Tier2.allow(Set.of("origin.test")).apply(request),
                "127.0.0.1 origin.test\n",
                builder -> builder.cache(cache));
        CacheMeters.bind(cache, tier2.metrics.registry(), "egress");
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        origin.close();
    }

    @Test
    void cacheableResponseIsServedFromTheCacheTheSecondTimeAfterThePolicyCheck() throws Exception {
        int checksBefore = tier2.policy.received().size();
        double hitsBefore = hits();
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals("answer 1", get("/cacheable", "").body());
            RawHttp.Response second = get("/cacheable", "");
            assertEquals(200, second.status());
            assertEquals("answer 1", second.body());
            assertNotNull(second.header("age"));
            assertEquals(List.of("miss", "hit"), cacheResults(log, "/cacheable"));
        }
        assertEquals(1, origin.seen("/cacheable").size(), "the origin was asked twice");
        assertEquals(checksBefore + 2, tier2.policy.received().size(), "a cache hit skipped the policy");
        assertEquals(hitsBefore + 1, hits());
        double ratio = tier2.metrics.registry().get(CacheMeters.HIT_RATIO).gauge().value();
        assertTrue(ratio > 0 && ratio < 1, "hit ratio " + ratio);
        assertTrue(tier2.metrics.registry().get(CacheMeters.ENTRIES).gauge().value() >= 1);
    }

    private static double hits() {
        var counter = tier2.metrics.registry().find(ProxyMetrics.CACHE_LOOKUPS)
                .tag(ProxyMetrics.TAG_RESULT, CacheExchange.HIT).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void noStoreResponseIsNeverServedFromTheCache() throws Exception {
        assertEquals("answer 1", get("/no-store", "").body());
        assertEquals("answer 2", get("/no-store", "").body());
        assertEquals(2, origin.seen("/no-store").size());
    }

    @Test
    void varyAndRequestNoCacheAreHonoured() throws Exception {
        assertEquals("answer 1", get("/vary", "Accept-Language: de\r\n").body());
        assertEquals("answer 1", get("/vary", "Accept-Language: de\r\n").body());
        assertEquals("answer 2", get("/vary", "Accept-Language: fr\r\n").body());
        assertEquals("answer 3", get("/vary", "Accept-Language: fr\r\nCache-Control: no-cache\r\n").body());
        assertEquals(3, origin.seen("/vary").size());
    }

    @Test
    void varyStarIsNeverStored() throws Exception {
        assertEquals("answer 1", get("/vary-star", "").body());
        assertEquals("answer 2", get("/vary-star", "").body());
    }

    @Test
    void staleEntryWithETagIsRevalidatedAndA304RefreshesIt() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals("etag body", get("/etag", "").body());
            RawHttp.Response revalidated = get("/etag", "");
            assertEquals(200, revalidated.status());
            assertEquals("etag body", revalidated.body());
            assertEquals("max-age=600", revalidated.header("cache-control"), "the 304's headers were not stored");
            // The 304 made the entry fresh for 600 s: the third request does not reach the origin.
            assertEquals("etag body", get("/etag", "").body());
            assertEquals(List.of("miss", "revalidated", "hit"), cacheResults(log, "/etag"));
        }
        assertEquals(2, origin.seen("/etag").size());
        assertNull(origin.seen("/etag").get(0).getFirst("If-None-Match"));
        assertEquals("\"v1\"", origin.seen("/etag").get(1).getFirst("If-None-Match"));
    }

    @Test
    void noCacheEntryWithLastModifiedIsRevalidatedEveryTime() throws Exception {
        assertEquals("dated body", get("/last-modified", "").body());
        assertEquals("dated body", get("/last-modified", "").body());
        assertEquals("dated body", get("/last-modified", "").body());
        assertEquals(3, origin.seen("/last-modified").size());
        assertEquals(LAST_MODIFIED, origin.seen("/last-modified").get(1).getFirst("If-Modified-Since"));
        assertEquals(LAST_MODIFIED, origin.seen("/last-modified").get(2).getFirst("If-Modified-Since"));
    }

    @Test
    void a200DuringRevalidationReplacesTheEntry() throws Exception {
        assertEquals("first", get("/changed", "").body());
        assertEquals("second", get("/changed", "").body());
        assertEquals("second", get("/changed", "").body());
        assertEquals("\"v1\"", origin.seen("/changed").get(1).getFirst("If-None-Match"));
        assertEquals("\"v2\"", origin.seen("/changed").get(2).getFirst("If-None-Match"));
    }

    @Test
    void serverErrorDuringRevalidationReachesTheClientWithoutStaleIfError() throws Exception {
        assertEquals("kept", get("/error", "").body());
        RawHttp.Response failed = get("/error", "");
        assertEquals(503, failed.status());
        assertEquals("origin down", failed.body());
    }

    @Test
    void staleIfErrorServesTheStoredResponseWhenTheOriginFails() throws Exception {
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals("kept", get("/stale-if-error", "").body());
            RawHttp.Response stale = get("/stale-if-error", "");
            assertEquals(200, stale.status());
            assertEquals("kept", stale.body());
            assertEquals(List.of("miss", "stale"), cacheResults(log, "/stale-if-error"));
        }
        assertEquals(2, origin.seen("/stale-if-error").size());
    }

    @Test
    void clientConditionalMatchingAFreshEntryGets304FromTheCache() throws Exception {
        assertEquals("tagged", get("/client-conditional", "").body());
        RawHttp.Response notModified = get("/client-conditional", "If-None-Match: \"c\"\r\n");
        assertEquals(304, notModified.status());
        assertEquals("\"c\"", notModified.header("etag"));
        assertEquals(200, get("/client-conditional", "If-None-Match: \"other\"\r\n").status());
        assertEquals(1, origin.seen("/client-conditional").size());
    }

    @Test
    void requestsWithAuthorizationAreCachedOnlyWhenTheResponseIsPublic() throws Exception {
        String auth = "Authorization: Bearer secret\r\n";
        assertEquals("answer 1", get("/auth-private", auth).body());
        assertEquals("answer 2", get("/auth-private", auth).body());
        assertEquals("answer 1", get("/auth-public", auth).body());
        assertEquals("answer 1", get("/auth-public", auth).body());
    }

    @Test
    void postIsForwardedAndInvalidatesTheStoredResponse() throws Exception {
        assertEquals("answer 1", get("/invalidated", "").body());
        assertEquals("answer 1", get("/invalidated", "").body());
        assertEquals("answer 2", send("POST", "/invalidated", "Content-Length: 0\r\n").body());
        assertEquals("answer 3", get("/invalidated", "").body());
        assertEquals(3, origin.seen("/invalidated").size());
    }

    @Test
    void aStoredResponseIsNotServedWhenThePolicyNowDenies() throws Exception {
        assertEquals("answer 1", get("/deny-on-hit", "").body());
        denyAll.set(true);
        try {
            assertEquals(403, get("/deny-on-hit", "").status());
        } finally {
            denyAll.set(false);
        }
        assertEquals("answer 1", get("/deny-on-hit", "").body());
        assertEquals(1, origin.seen("/deny-on-hit").size());
    }

    @Test
    void expiresGivesFreshnessAndAPastExpiresNone() throws Exception {
        assertEquals("answer 1", get("/expires-future", "").body());
        assertEquals("answer 1", get("/expires-future", "").body());
        assertEquals("answer 1", get("/expires-past", "").body());
        assertEquals("answer 2", get("/expires-past", "").body());
    }

    private static Answer ok(String body, String... headers) {
        return new Answer(200, pairs(headers), body);
    }

    private static Answer notModified(String... headers) {
        return new Answer(304, pairs(headers), null);
    }

    private static Map<String, String> pairs(String... headers) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return map;
    }

    private static String httpDate(long secondsFromNow) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(secondsFromNow));
    }

    private static RawHttp.Response get(String path, String extraHeaders) throws Exception {
        return send("GET", path, extraHeaders);
    }

    private static RawHttp.Response send(String method, String path, String extraHeaders) throws Exception {
        String authority = "origin.test:" + origin.port();
        try (RawHttp raw = new RawHttp(tier2.port())) {
            return raw.send(method + " http://" + authority + path + " HTTP/1.1\r\nHost: " + authority + "\r\n"
                    + extraHeaders + "\r\n").read();
        }
    }

    /** The cache field of the access lines of a path, in order (the line is written before the response ends). */
    private static List<String> cacheResults(AccessLogCapture log, String path) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> results = new java.util.ArrayList<>();
        for (String line : log.lines()) {
            JsonNode node = json.readTree(line);
            if (path.equals(node.path("path").asText())) {
                results.add(node.path("cache").asText());
            }
        }
        return results;
    }
}
