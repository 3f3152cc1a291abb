package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.cache.CacheExchange;
import com.aibang.egress.proxy.cache.HttpCache;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The cache's size bounds and request rules, driven through its own API. */
class HttpCacheBoundsTest {

    private static final HttpHeaders NO_HEADERS = new DefaultHttpHeaders();

    @Test
    void leastRecentlyUsedEntriesAreEvictedBeyondTheSizeBound() {
        HttpCache cache = new HttpCache(2000, 1000, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            store(cache, "k" + i, 500);
            if (i == 1) {
                assertNotNull(cache.begin("GET", "k0", NO_HEADERS).freshResponse()); // k0 is now used most recently
            }
        }
        assertTrue(cache.size() < 5);
        assertTrue(cache.bytes() <= 2000);
        assertNull(cache.begin("GET", "k1", NO_HEADERS).freshResponse(), "k1 should have been evicted first");
        assertNotNull(cache.begin("GET", "k4", NO_HEADERS).freshResponse());
    }

    @Test
    void bodiesBeyondTheEntryBoundAreNotStored() {
        HttpCache cache = new HttpCache(10_000, 1000, Clock.systemUTC());
        store(cache, "big", 1500);
        assertEquals(0, cache.size());
        assertNull(cache.begin("GET", "big", NO_HEADERS).freshResponse());
    }

    @Test
    void onlyGetTakesPartAndNoStoreOrCookieRequestsBypass() {
        HttpCache cache = new HttpCache(10_000, 1000, Clock.systemUTC());
        assertNull(cache.begin("HEAD", "k", NO_HEADERS));
        assertNull(cache.begin("GET", "k", new DefaultHttpHeaders().set("Cache-Control", "no-store")));
        assertNull(cache.begin("GET", "k", new DefaultHttpHeaders().set("Cookie", "a=b")));
        assertNotNull(cache.begin("GET", "k", NO_HEADERS));
    }

    @Test
    void invalidSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HttpCache(100, 200, Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new HttpCache(0, 0, Clock.systemUTC()));
    }

    private static void store(HttpCache cache, String key, int bodyBytes) {
        CacheExchange exchange = cache.begin("GET", key, NO_HEADERS);
        var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set("Cache-Control", "max-age=60");
        exchange.responseHead(response);
        exchange.responseContent(Unpooled.wrappedBuffer(new byte[bodyBytes]));
        exchange.responseComplete();
    }
}
