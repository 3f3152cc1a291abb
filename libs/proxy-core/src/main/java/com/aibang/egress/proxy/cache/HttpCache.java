package com.aibang.egress.proxy.cache;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A shared, in-memory HTTP cache for plain {@code http://} GET responses: an RFC 9111 subset. Freshness
 * from {@code s-maxage}, {@code max-age} or {@code Expires}; {@code no-store}, {@code private} and
 * {@code no-cache} respected (such responses are not stored); requests with {@code no-cache}/{@code
 * no-store} or credentials bypass it; {@code Vary} honoured ({@code *} is never stored); size-bounded with
 * LRU eviction. Only fresh entries are served; stale ones are fetched again (no conditional revalidation).
 * Thread-safe.
 */
public final class HttpCache {

    private static final String NO_STORE = "no-store";
    private static final String NO_CACHE = "no-cache";
    private static final String PRIVATE = "private";
    private static final String MAX_AGE = "max-age";
    private static final String S_MAXAGE = "s-maxage";

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

    /** A fresh stored response for this request, or null (miss, stale, Vary mismatch, or bypassed). */
    public CachedResponse lookup(String key, HttpHeaders request) {
        if (bypasses(request)) {
            return null;
        }
        synchronized (this) {
            CachedResponse entry = entries.get(key);
            if (entry == null || !entry.matches(request)) {
                return null;
            }
            if (!entry.freshAt(clock.millis())) {
                remove(key);
                return null;
            }
            return entry;
        }
    }

    /** Now, on the cache's clock (for {@link CachedResponse#toResponse}). */
    public long now() {
        return clock.millis();
    }

    /** Starts recording a response when it may be stored; null when it may not. */
    public Recorder record(String key, HttpHeaders request, HttpResponse response) {
        if (bypasses(request) || response.status().code() != 200) {
            return null;
        }
        HttpHeaders head = response.headers();
        Map<String, String> directives = directives(head.getAll(HttpHeaderNames.CACHE_CONTROL));
        if (directives.containsKey(NO_STORE) || directives.containsKey(PRIVATE) || directives.containsKey(NO_CACHE)) {
            return null;
        }
        long lifetime = freshnessMillis(directives, head);
        if (lifetime <= 0) {
            return null;
        }
        Map<String, String> vary = new LinkedHashMap<>();
        for (String value : head.getAll(HttpHeaderNames.VARY)) {
            for (String name : value.split(",")) {
                String header = name.trim().toLowerCase(Locale.ROOT);
                if (header.equals("*")) {
                    return null;
                }
                if (!header.isEmpty()) {
                    vary.put(header, joined(request, header));
                }
            }
        }
        long alreadyAged = CachedResponse.parseSeconds(head.get(HttpHeaderNames.AGE)) * 1000;
        HttpHeaders stored = new DefaultHttpHeaders().set(head);
        stored.remove(HttpHeaderNames.TRANSFER_ENCODING).remove(HttpHeaderNames.CONTENT_LENGTH)
                .remove(HttpHeaderNames.CONNECTION);
        return new Recorder(key, stored, lifetime - alreadyAged, Map.copyOf(vary));
    }

    /** Number of stored entries. */
    public synchronized int size() {
        return entries.size();
    }

    /** Collects one response body; {@link #finish()} stores it unless it grew too large. */
    public final class Recorder {
        private final String key;
        private final HttpHeaders headers;
        private final long freshFor;
        private final Map<String, String> vary;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean tooLarge;

        private Recorder(String key, HttpHeaders headers, long freshFor, Map<String, String> vary) {
            this.key = key;
            this.headers = headers;
            this.freshFor = freshFor;
            this.vary = vary;
        }

        /** Copies the readable bytes (the buffer's indexes are unchanged). */
        public void append(ByteBuf content) {
            if (tooLarge) {
                return;
            }
            if (body.size() + content.readableBytes() > maxEntryBytes) {
                tooLarge = true;
                body.reset();
                return;
            }
            byte[] copy = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), copy);
            body.writeBytes(copy);
        }

        /** The response ended normally: store it. */
        public void finish() {
            if (tooLarge || freshFor <= 0) {
                return;
            }
            store(key, new CachedResponse(200, headers, body.toByteArray(), clock.millis(), freshFor, vary));
        }
    }

    private synchronized void store(String key, CachedResponse entry) {
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

    private void remove(String key) {
        CachedResponse old = entries.remove(key);
        if (old != null) {
            bytes -= old.size();
        }
    }

    /** Requests that must not be answered from (or stored in) a shared cache. */
    private static boolean bypasses(HttpHeaders request) {
        Map<String, String> directives = directives(request.getAll(HttpHeaderNames.CACHE_CONTROL));
        return directives.containsKey(NO_CACHE) || directives.containsKey(NO_STORE)
                || request.contains(HttpHeaderNames.AUTHORIZATION) || request.contains(HttpHeaderNames.COOKIE)
                || request.containsValue(HttpHeaderNames.PRAGMA, NO_CACHE, true);
    }

    private long freshnessMillis(Map<String, String> directives, HttpHeaders head) {
        Long seconds = seconds(directives.get(S_MAXAGE));
        if (seconds == null) {
            seconds = seconds(directives.get(MAX_AGE));
        }
        if (seconds != null) {
            return seconds * 1000;
        }
        String expires = head.get(HttpHeaderNames.EXPIRES);
        if (expires == null) {
            return 0;
        }
        Date expiry = DateFormatter.parseHttpDate(expires);
        if (expiry == null) {
            return 0; // an invalid Expires means "already expired" (RFC 9111 section 5.3)
        }
        Date date = DateFormatter.parseHttpDate(head.get(HttpHeaderNames.DATE, ""));
        long base = date == null ? clock.millis() : date.getTime();
        return expiry.getTime() - base;
    }

    private static Long seconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.replace("\"", "").trim()));
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    private static Map<String, String> directives(Iterable<String> values) {
        Map<String, String> directives = new LinkedHashMap<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String directive = part.trim();
                if (directive.isEmpty()) {
                    continue;
                }
                int equals = directive.indexOf('=');
                String name = (equals < 0 ? directive : directive.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                directives.put(name, equals < 0 ? "" : directive.substring(equals + 1).trim());
            }
        }
        return directives;
    }

    static String joined(HttpHeaders headers, String name) {
        return String.join(",", headers.getAll(name));
    }
}
