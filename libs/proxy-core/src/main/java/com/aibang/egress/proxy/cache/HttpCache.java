package com.aibang.egress.proxy.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * A shared, in-memory HTTP cache for plain {@code http://} GET responses: an RFC 9111 subset (see
 * {@link CacheExchange} for the rules). Size-bounded with LRU eviction, one variant per URL. Thread-safe.
 */
public final class HttpCache {

    /** Methods whose request invalidates the stored response of their URL (RFC 9111 section 4.4). */
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "DELETE", "PATCH");

    private final long maxBytes;
    private final long maxEntryBytes;
    private final Clock clock;
    private final LinkedHashMap<String, CachedResponse> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /**
     * @param maxBytes total size bound; least recently used entries are evicted beyond it
     * @param maxEntryBytes larger bodies are not stored
     * @param clock time source
     */
    public HttpCache(long maxBytes, long maxEntryBytes, Clock clock) {
        if (maxBytes <= 0 || maxEntryBytes <= 0 || maxEntryBytes > maxBytes) {
            throw new IllegalArgumentException("cache sizes must be positive and max-entry <= max, got " + maxBytes
                    + " and " + maxEntryBytes);
        }
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxEntryBytes;
        this.clock = clock;
    }

    /**
     * The cache's part in one request the policy allowed, or null when it takes none (not a GET, a request
     * with {@code no-store} or a {@code Cookie}). A POST, PUT, DELETE or PATCH drops the URL's stored response.
     *
     * @param method request method
     * @param key absolute URI
     * @param request the client's request headers (copied; the caller may change its own afterwards)
     */
    public CacheExchange begin(String method, String key, HttpHeaders request) {
        if (UNSAFE.contains(method)) {
            remove(key);
            return null;
        }
        if (!HttpMethod.GET.name().equals(method)) {
            return null;
        }
        CacheControl control = CacheControl.parse(request.getAll(HttpHeaderNames.CACHE_CONTROL));
        if (control.has(CacheControl.NO_STORE) || request.contains(HttpHeaderNames.COOKIE)) {
            return null;
        }
        return new CacheExchange(this, key, request, control);
    }

    /** Now, on the cache's clock. */
    public long now() {
        return clock.millis();
    }

    /** Number of stored entries. */
    public synchronized int size() {
        return entries.size();
    }

    /** Bytes counted towards the size bound. */
    public synchronized long bytes() {
        return bytes;
    }

    long maxEntryBytes() {
        return maxEntryBytes;
    }

    synchronized CachedResponse get(String key) {
        return entries.get(key);
    }

    synchronized void store(String key, CachedResponse entry) {
        remove(key);
        entries.put(key, entry);
        bytes += entry.size();
        var eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            CachedResponse evicted = eldest.next().getValue();
            eldest.remove();
            bytes -= evicted.size();
        }
    }

    /** Replaces {@code expected} by {@code updated}, unless another response was stored meanwhile. */
    synchronized void replace(String key, CachedResponse expected, CachedResponse updated) {
        if (entries.get(key) == expected) {
            store(key, updated);
        }
    }

    /** Drops {@code expected}, unless another response was stored meanwhile. */
    synchronized void drop(String key, CachedResponse expected) {
        if (expected != null && entries.get(key) == expected) {
            remove(key);
        }
    }

    synchronized void remove(String key) {
        CachedResponse old = entries.remove(key);
        if (old != null) {
            bytes -= old.size();
        }
    }

    static String joined(HttpHeaders headers, String name) {
        return String.join(",", headers.getAll(name));
    }
}
