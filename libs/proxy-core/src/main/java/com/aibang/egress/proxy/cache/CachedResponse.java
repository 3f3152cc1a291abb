package com.aibang.egress.proxy.cache;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One stored response (RFC 9111): head, body, when it was received, how long it stays fresh, and the
 * request header values its {@code Vary} names (a later request must match them). Immutable; a 304
 * makes a refreshed copy.
 *
 * @param status status code
 * @param headers end-to-end headers as received (no framing headers)
 * @param body the whole body
 * @param storedAtMillis when it was received (or last revalidated)
 * @param freshForMillis freshness lifetime minus the age it already had when received (may be negative)
 * @param varyValues request header name (lower case) -> value (empty when absent) for each Vary header
 */
public record CachedResponse(int status, HttpHeaders headers, byte[] body, long storedAtMillis, long freshForMillis,
        Map<String, String> varyValues) {

    /** Headers a 304 must not change in the stored response (RFC 9111 section 3.2). */
    private static final List<CharSequence> KEPT_ON_UPDATE = List.of(HttpHeaderNames.CONTENT_LENGTH,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONNECTION, HttpHeaderNames.CONTENT_ENCODING,
            HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHENTICATE);
    /** {@link #KEPT_ON_UPDATE} in lower case, for a lookup per header of every 304 (revalidation is per request). */
    private static final Set<String> KEPT_ON_UPDATE_NAMES = KEPT_ON_UPDATE.stream()
            .map(name -> name.toString().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    /** Headers a 304 to the client carries from the stored response (RFC 9110 section 15.4.5). */
    private static final List<CharSequence> NOT_MODIFIED_HEADERS = List.of(HttpHeaderNames.ETAG,
            HttpHeaderNames.LAST_MODIFIED, HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.EXPIRES, HttpHeaderNames.DATE,
            HttpHeaderNames.VARY, HttpHeaderNames.CONTENT_LOCATION);

    /** A response received at {@code nowMillis}, its freshness taken from its headers (RFC 9111 section 4.2). */
    static CachedResponse received(int status, HttpHeaders headers, byte[] body, long nowMillis,
            Map<String, String> varyValues) {
        long lifetime = lifetimeMillis(CacheControl.parse(headers.getAll(HttpHeaderNames.CACHE_CONTROL)), headers,
                nowMillis);
        long initialAge = ageSeconds(headers) * 1000;
        return new CachedResponse(status, headers, body, nowMillis, lifetime - initialAge, varyValues);
    }

    /** Bytes this entry counts towards the cache size. */
    long size() {
        return body.length + headers.size() * 64L + 256;
    }

    CacheControl cacheControl() {
        return CacheControl.parse(headers.getAll(HttpHeaderNames.CACHE_CONTROL));
    }

    /** Fresh and usable without asking the origin ({@code no-cache} entries never are). */
    boolean freshAt(long nowMillis) {
        return nowMillis - storedAtMillis < freshForMillis && !cacheControl().has(CacheControl.NO_CACHE);
    }

    /** Stale, but its {@code stale-if-error} still allows serving it when the origin fails (RFC 5861). */
    boolean usableOnErrorAt(long nowMillis) {
        CacheControl control = cacheControl();
        Long window = control.seconds(CacheControl.STALE_IF_ERROR);
        if (window == null || control.has(CacheControl.MUST_REVALIDATE) || control.has(CacheControl.PROXY_REVALIDATE)) {
            return false;
        }
        return nowMillis - storedAtMillis - freshForMillis <= window * 1000;
    }

    /** May answer a request carrying Authorization (RFC 9111 section 3.5). */
    boolean sharedWithAuthorization() {
        return allowsAuthorization(cacheControl());
    }

    static boolean allowsAuthorization(CacheControl control) {
        return control.has(CacheControl.PUBLIC) || control.has(CacheControl.S_MAXAGE)
                || control.has(CacheControl.MUST_REVALIDATE);
    }

    String etag() {
        return headers.get(HttpHeaderNames.ETAG);
    }

    String lastModified() {
        return headers.get(HttpHeaderNames.LAST_MODIFIED);
    }

    /** Has a validator, so it can be revalidated instead of fetched again. */
    boolean revalidatable() {
        return etag() != null || lastModified() != null;
    }

    boolean matches(HttpHeaders request) {
        for (Map.Entry<String, String> vary : varyValues.entrySet()) {
            if (!vary.getValue().equals(HttpCache.joined(request, vary.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * This entry updated by a 304 received at {@code nowMillis} (RFC 9111 section 4.3.4): the 304's headers
     * replace the stored ones of the same name, and freshness starts again from them.
     */
    CachedResponse refreshedBy(HttpHeaders notModified, long nowMillis) {
        HttpHeaders merged = new DefaultHttpHeaders().set(headers);
        for (String name : notModified.names()) {
            if (!KEPT_ON_UPDATE_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                merged.set(name, notModified.getAll(name));
            }
        }
        if (!notModified.contains(HttpHeaderNames.AGE)) {
            merged.remove(HttpHeaderNames.AGE);
        }
        return received(status, merged, body, nowMillis, varyValues);
    }

    /** A copy for one client, with {@code Age} (RFC 9111 section 5.1). */
    public FullHttpResponse toResponse(long nowMillis) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        response.headers().set(headers);
        response.headers().set(HttpHeaderNames.AGE, ageAt(nowMillis));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    /** A 304 for a client whose own conditional request this entry satisfies. */
    FullHttpResponse toNotModified(long nowMillis) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                Unpooled.EMPTY_BUFFER);
        for (CharSequence name : NOT_MODIFIED_HEADERS) {
            if (headers.contains(name)) {
                response.headers().set(name, headers.getAll(name));
            }
        }
        response.headers().set(HttpHeaderNames.AGE, ageAt(nowMillis));
        return response;
    }

    /**
     * Whether the client's own {@code If-None-Match} (weak comparison) or, without it, {@code If-Modified-Since}
     * is satisfied by this entry, so the client gets a 304 (RFC 9110 section 13.2.2).
     */
    boolean notModifiedFor(HttpHeaders request) {
        String ifNoneMatch = HttpCache.joined(request, HttpHeaderNames.IF_NONE_MATCH.toString());
        if (!ifNoneMatch.isEmpty()) {
            String etag = etag();
            if (etag == null) {
                return false;
            }
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || weak(tag).equals(weak(etag))) {
                    return true;
                }
            }
            return false;
        }
        Date since = DateFormatter.parseHttpDate(request.get(HttpHeaderNames.IF_MODIFIED_SINCE, ""));
        Date modified = DateFormatter.parseHttpDate(lastModified() == null ? headers.get(HttpHeaderNames.DATE, "")
                : lastModified());
        return since != null && modified != null && !modified.after(since);
    }

    private long ageAt(long nowMillis) {
        return ageSeconds(headers) + Math.max(0, (nowMillis - storedAtMillis) / 1000);
    }

    private static String weak(String tag) {
        String trimmed = tag.trim();
        return trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed;
    }

    /** Freshness lifetime: s-maxage, then max-age, then Expires minus Date; 0 when none is given (no heuristics). */
    private static long lifetimeMillis(CacheControl control, HttpHeaders head, long nowMillis) {
        Long seconds = control.seconds(CacheControl.S_MAXAGE);
        if (seconds == null) {
            seconds = control.seconds(CacheControl.MAX_AGE);
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
        long base = date == null ? nowMillis : date.getTime();
        return expiry.getTime() - base;
    }

    private static long ageSeconds(HttpHeaders head) {
        String value = head.get(HttpHeaderNames.AGE);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
