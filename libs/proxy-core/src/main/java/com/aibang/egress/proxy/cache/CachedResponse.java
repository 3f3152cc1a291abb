package com.aibang.egress.proxy.cache;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * One stored response (RFC 9111): head, body, when it was stored, how long it stays fresh, and the
 * request header values its {@code Vary} names (a later request must match them).
 *
 * @param status status code
 * @param headers end-to-end headers as received (no framing headers)
 * @param body the whole body
 * @param storedAtMillis when it was stored
 * @param freshForMillis freshness lifetime minus the age it already had when received
 * @param varyValues request header name (lower case) -> value (empty when absent) for each Vary header
 */
public record CachedResponse(int status, HttpHeaders headers, byte[] body, long storedAtMillis, long freshForMillis,
        Map<String, String> varyValues) {

    /** Bytes this entry counts towards the cache size. */
    long size() {
        return body.length + headers.size() * 64L + 256;
    }

    boolean freshAt(long nowMillis) {
        return nowMillis - storedAtMillis < freshForMillis;
    }

    boolean matches(HttpHeaders request) {
        for (Map.Entry<String, String> vary : varyValues.entrySet()) {
            if (!vary.getValue().equals(HttpCache.joined(request, vary.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A fresh copy for one client, with {@code Age} (RFC 9111 section 5.1). */
    public FullHttpResponse toResponse(long nowMillis) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        response.headers().set(headers);
        long previousAge = parseSeconds(headers.get(HttpHeaderNames.AGE));
        response.headers().set(HttpHeaderNames.AGE, previousAge + Math.max(0, (nowMillis - storedAtMillis) / 1000));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    static long parseSeconds(String value) {
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
