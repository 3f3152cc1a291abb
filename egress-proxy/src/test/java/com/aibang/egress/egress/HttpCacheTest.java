package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.cache.HttpCache;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.RawHttp;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP cache at tier 2 with a real origin: cacheable responses are served again, no-store ones are not. */
class HttpCacheTest {

    static HttpServer origin;
    static final AtomicInteger cacheableHits = new AtomicInteger();
    static final AtomicInteger noStoreHits = new AtomicInteger();
    static final AtomicInteger varyHits = new AtomicInteger();
    static Tier2 tier2;

    @BeforeAll
    static void start() throws Exception {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/cacheable", exchange -> answer(exchange, cacheableHits, "max-age=600", null));
        origin.createContext("/no-store", exchange -> answer(exchange, noStoreHits, "no-store, max-age=600", null));
        origin.createContext("/vary", exchange -> answer(exchange, varyHits, "max-age=600", "Accept-Language"));
        origin.start();
        tier2 = new Tier2(Tier2.allow(Set.of("origin.test")), "127.0.0.1 origin.test\n",
                builder -> builder.cache(new HttpCache(1 << 20, 1 << 16, Clock.systemUTC())));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, AtomicInteger counter, String cacheControl,
            String vary) throws java.io.IOException {
        byte[] body = ("answer " + counter.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        if (vary != null) {
            exchange.getResponseHeaders().set("Vary", vary);
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() throws Exception {
        tier2.close();
        origin.stop(0);
    }

    private RawHttp.Response get(String path, String extraHeaders) throws Exception {
        String authority = "origin.test:" + origin.getAddress().getPort();
        try (RawHttp raw = new RawHttp(tier2.port())) {
            return raw.send("GET http://" + authority + path + " HTTP/1.1\r\nHost: " + authority + "\r\n" + extraHeaders
                    + "\r\n").read();
        }
    }

    @Test
    void cacheableResponseIsServedFromTheCacheTheSecondTimeAfterThePolicyCheck() throws Exception {
        int checksBefore = tier2.policy.received().size();
        try (AccessLogCapture log = new AccessLogCapture()) {
            assertEquals("answer 1", get("/cacheable", "").body());
            RawHttp.Response second = get("/cacheable", "");
            assertEquals(200, second.status());
            assertEquals("answer 1", second.body());
            assertTrue(second.header("age") != null);
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("\"cache\":\"hit\"")), log.lines().toString());
        }
        assertEquals(1, cacheableHits.get(), "the origin was asked twice");
        assertEquals(checksBefore + 2, tier2.policy.received().size(), "a cache hit skipped the policy");
        assertTrue(tier2.metrics.registry().find(ProxyMetrics.CACHE_LOOKUPS).tag(ProxyMetrics.TAG_RESULT, "hit")
                .counter().count() >= 1);
    }

    @Test
    void noStoreResponseIsNeverServedFromTheCache() throws Exception {
        assertEquals("answer 1", get("/no-store", "").body());
        assertEquals("answer 2", get("/no-store", "").body());
        assertEquals(2, noStoreHits.get());
    }

    @Test
    void varyAndRequestNoCacheAreHonoured() throws Exception {
        assertEquals("answer 1", get("/vary", "Accept-Language: de\r\n").body());
        assertEquals("answer 1", get("/vary", "Accept-Language: de\r\n").body());
        assertEquals("answer 2", get("/vary", "Accept-Language: fr\r\n").body());
        assertEquals("answer 3", get("/vary", "Accept-Language: fr\r\nCache-Control: no-cache\r\n").body());
        assertEquals(3, varyHits.get());
    }

    @Test
    void leastRecentlyUsedEntriesAreEvictedBeyondTheSizeBound() {
        HttpCache cache = new HttpCache(2000, 1000, Clock.systemUTC());
        var headers = new io.netty.handler.codec.http.DefaultHttpHeaders();
        for (int i = 0; i < 5; i++) {
            var response = new io.netty.handler.codec.http.DefaultHttpResponse(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.OK);
            response.headers().set("Cache-Control", "max-age=60");
            HttpCache.Recorder recorder = cache.record("k" + i, headers, response);
            recorder.append(io.netty.buffer.Unpooled.wrappedBuffer(new byte[500]));
            recorder.finish();
        }
        assertNull(cache.lookup("k0", headers));
        assertTrue(cache.lookup("k4", headers) != null);
        assertTrue(cache.size() < 5);
    }
}
