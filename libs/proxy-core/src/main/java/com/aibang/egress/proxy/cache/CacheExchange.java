package com.aibang.egress.proxy.cache;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cache's part in one GET, used on the client connection's event loop. The rules (RFC 9111 subset):
 * <ul>
 * <li>fresh (s-maxage, max-age, Expires - Date; no heuristics) and matching {@code Vary}: answered from the
 * cache ({@link #HIT}), as a 304 when the client's own conditional is satisfied;</li>
 * <li>stale, {@code no-cache} (response), or asked with {@code no-cache}/{@code max-age=0}/{@code Pragma:
 * no-cache}: revalidated with {@code If-None-Match}/{@code If-Modified-Since} when it has a validator; a 304
 * refreshes the entry and the client gets the stored body ({@link #REVALIDATED}); a 200 replaces it;</li>
 * <li>the origin answers 500/502/503/504 or cannot be reached: the stored response is served only while its
 * {@code stale-if-error} window lasts and it has no {@code must-revalidate}/{@code proxy-revalidate}
 * ({@link #STALE}); otherwise the client gets the error;</li>
 * <li>stored: 200 responses with a freshness lifetime or a validator, without {@code no-store}, {@code
 * private}, {@code Set-Cookie} or {@code Vary: *}, within the entry size bound; answers to requests with
 * {@code Authorization} only when marked {@code public}, {@code s-maxage} or {@code must-revalidate}.</li>
 * </ul>
 */
public final class CacheExchange {

    /** Answered from a fresh stored response; the origin was not asked. */
    public static final String HIT = "hit";
    /** The origin answered (nothing stored, stored response unusable, or replaced by a new 200). */
    public static final String MISS = "miss";
    /** The origin confirmed the stored response with a 304; the client got it from the cache. */
    public static final String REVALIDATED = "revalidated";
    /** The origin failed and stale-if-error allowed the stored response. */
    public static final String STALE = "stale";

    /** Results that served a stored body (count towards the hit ratio). */
    public static final Set<String> SERVED_FROM_CACHE = Set.of(HIT, REVALIDATED, STALE);

    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);
    private static final int OK = 200;
    private static final int NOT_MODIFIED = 304;

    private final HttpCache cache;
    private final String key;
    private final HttpHeaders request;
    private final boolean authorized;
    /** The stored response this request may use (fresh, to revalidate, or for stale-if-error); null when none. */
    private final CachedResponse stored;
    private final boolean fresh;
    private final boolean revalidating;
    private CachedResponse answer;
    private String result = MISS;
    private Recording recording;

    CacheExchange(HttpCache cache, String key, HttpHeaders clientRequest, CacheControl requestControl) {
        this.cache = cache;
        this.key = key;
        this.request = new DefaultHttpHeaders().set(clientRequest);
        this.authorized = request.contains(HttpHeaderNames.AUTHORIZATION);
        long now = cache.now();
        CachedResponse entry = cache.get(key);
        if (entry != null && (!entry.matches(request) || authorized && !entry.sharedWithAuthorization())) {
            entry = null; // another variant, or not for an authorised request: a 200 will replace it
        }
        boolean usable = entry != null && entry.freshAt(now);
        if (entry != null && !usable && !entry.revalidatable() && !entry.usableOnErrorAt(now)) {
            cache.drop(key, entry);
            entry = null;
        }
        boolean forceRevalidation = requestControl.has(CacheControl.NO_CACHE)
                || Long.valueOf(0).equals(requestControl.seconds(CacheControl.MAX_AGE))
                || !request.contains(HttpHeaderNames.CACHE_CONTROL)
                        && request.containsValue(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE, true);
        this.stored = entry;
        this.fresh = usable && !forceRevalidation;
        this.revalidating = entry != null && !fresh && entry.revalidatable();
    }

    /** The answer from a fresh stored response, or null when the origin must be asked. */
    public FullHttpResponse freshResponse() {
        if (!fresh) {
            return null;
        }
        result = HIT;
        return respond(stored);
    }

    /** True when the request goes to the origin as a conditional request for the stored response. */
    public boolean revalidating() {
        return revalidating;
    }

    /** Makes the outgoing request conditional on the stored response's validators (the client's own are replaced). */
    public void addValidators(HttpHeaders outgoing) {
        if (!revalidating) {
            return;
        }
        outgoing.remove(HttpHeaderNames.IF_NONE_MATCH).remove(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (stored.etag() != null) {
            outgoing.set(HttpHeaderNames.IF_NONE_MATCH, stored.etag());
        }
        if (stored.lastModified() != null) {
            outgoing.set(HttpHeaderNames.IF_MODIFIED_SINCE, stored.lastModified());
        }
    }

    /**
     * True when the origin's response is consumed by the cache instead of being relayed: a 304 confirming the
     * stored response (which is refreshed), or a server error hidden by stale-if-error. The client then gets
     * {@link #answer()} once the origin's response has ended.
     */
    public boolean absorbs(HttpResponse head) {
        int code = head.status().code();
        long now = cache.now();
        if (revalidating && code == NOT_MODIFIED) {
            String etag = head.headers().get(HttpHeaderNames.ETAG);
            if (etag != null && stored.etag() != null && !etag.equals(stored.etag())) {
                // The 304 is about another representation: the stored one cannot be used (RFC 9111 4.3.4).
                cache.drop(key, stored);
                return false;
            }
            answer = stored.refreshedBy(head.headers(), now);
            cache.replace(key, stored, answer);
            result = REVALIDATED;
            return true;
        }
        if (stored != null && SERVER_ERRORS.contains(code) && stored.usableOnErrorAt(now)) {
            answer = stored;
            result = STALE;
            return true;
        }
        return false;
    }

    /** The client's answer after {@link #absorbs} said yes. */
    public FullHttpResponse answer() {
        return respond(answer);
    }

    /** The origin could not be reached or failed before answering: the stale answer stale-if-error allows, or null. */
    public FullHttpResponse staleOnError() {
        if (stored == null || !stored.usableOnErrorAt(cache.now())) {
            return null;
        }
        answer = stored;
        result = STALE;
        return respond(stored);
    }

    /** The head of the origin's response that is relayed to the client: starts recording it when it may be stored. */
    public void responseHead(HttpResponse head) {
        if (head.status().code() != OK) {
            return;
        }
        HttpHeaders headers = new DefaultHttpHeaders().set(head.headers());
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING).remove(HttpHeaderNames.CONTENT_LENGTH)
                .remove(HttpHeaderNames.CONNECTION);
        Map<String, String> vary = storableVary(head);
        if (vary == null || !storable(head, headers, vary)) {
            cache.drop(key, stored); // a new 200 outdates what was stored
            return;
        }
        recording = new Recording(headers, vary);
    }

    /** True while the relayed response is being recorded for storing (its body must pass through the JVM). */
    public boolean recording() {
        return recording != null;
    }

    /** A part of the relayed response's body (the buffer's indexes are unchanged). */
    public void responseContent(ByteBuf content) {
        if (recording != null) {
            recording.append(content);
        }
    }

    /** The relayed response ended normally: stores it when it was recorded whole. */
    public void responseComplete() {
        if (recording != null && recording.tooLarge) {
            cache.drop(key, stored); // outdated by the 200 that could not be kept
        } else if (recording != null) {
            cache.store(key, CachedResponse.received(OK, recording.headers, recording.body.toByteArray(), cache.now(),
                    recording.vary));
        }
        recording = null;
    }

    /** What the cache did: {@link #HIT}, {@link #MISS}, {@link #REVALIDATED} or {@link #STALE}. */
    public String result() {
        return result;
    }

    private FullHttpResponse respond(CachedResponse entry) {
        long now = cache.now();
        return entry.notModifiedFor(request) ? entry.toNotModified(now) : entry.toResponse(now);
    }

    private boolean storable(HttpResponse head, HttpHeaders headers, Map<String, String> vary) {
        CacheControl control = CacheControl.parse(head.headers().getAll(HttpHeaderNames.CACHE_CONTROL));
        if (control.has(CacheControl.NO_STORE) || control.has(CacheControl.PRIVATE)
                || head.headers().contains(HttpHeaderNames.SET_COOKIE)
                || authorized && !CachedResponse.allowsAuthorization(control)) {
            return false;
        }
        if (HttpUtil.getContentLength(head, -1L) > cache.maxEntryBytes()) {
            return false;
        }
        CachedResponse candidate = CachedResponse.received(OK, headers, new byte[0], cache.now(), vary);
        return candidate.revalidatable() || candidate.freshForMillis() > 0 && !control.has(CacheControl.NO_CACHE);
    }

    /** Request header values the response varies on; null for {@code Vary: *} (never stored). */
    private Map<String, String> storableVary(HttpResponse head) {
        Map<String, String> vary = new LinkedHashMap<>();
        for (String value : head.headers().getAll(HttpHeaderNames.VARY)) {
            for (String name : value.split(",")) {
                String header = name.trim().toLowerCase(Locale.ROOT);
                if (header.equals("*")) {
                    return null;
                }
                if (!header.isEmpty()) {
                    vary.put(header, HttpCache.joined(request, header));
                }
            }
        }
        return Map.copyOf(vary);
    }

    /** Collects one response body; stops (and stores nothing) beyond the entry size bound. */
    private final class Recording {
        private final HttpHeaders headers;
        private final Map<String, String> vary;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean tooLarge;

        Recording(HttpHeaders headers, Map<String, String> vary) {
            this.headers = headers;
            this.vary = vary;
        }

        void append(ByteBuf content) {
            if (tooLarge) {
                return;
            }
            if (body.size() + content.readableBytes() > cache.maxEntryBytes()) {
                tooLarge = true;
                body.reset();
                return;
            }
            byte[] copy = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), copy);
            body.writeBytes(copy);
        }
    }
}
