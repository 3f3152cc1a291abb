package com.aibang.egress.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** Removes the headers that concern only one hop (RFC 9110 section 7.6.1) plus proxy-only ones. */
public final class HopByHopHeaders {

    private static final List<CharSequence> ALWAYS = List.of(
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.PROXY_AUTHENTICATE,
            ProxyHeaders.PROXY_CONNECTION,
            HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE);

    /** Never removed because a Connection header lists them. */
    private static final java.util.Set<String> FRAMING = java.util.Set.of("content-length", "transfer-encoding", "host");

    private HopByHopHeaders() {
    }

    /**
     * Removes hop-by-hop headers, including every header named in {@code Connection}. Transfer-Encoding
     * stays: the body is re-framed the same way on the next hop.
     */
    public static void removeFrom(HttpHeaders headers) {
        List<String> listed = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : value.split(",")) {
                // A Connection list must not strip message framing (or Host): that would turn the body
                // into a second request on the next hop (request smuggling).
                if (!name.isBlank() && !FRAMING.contains(name.trim().toLowerCase(java.util.Locale.ROOT))) {
                    listed.add(name.trim());
                }
            }
        }
        listed.forEach(headers::remove);
        ALWAYS.forEach(headers::remove);
    }

    /** Removes hop-by-hop headers and every header of ours ({@code X-Proxy-*}) from a request. */
    public static void removeFromRequest(HttpHeaders headers) {
        removeFrom(headers);
        List<CharSequence> own = null;
        // The CharSequence iterator: the String one copies every name and value of every request.
        for (var it = headers.iteratorCharSequence(); it.hasNext();) {
            CharSequence name = it.next().getKey();
            if (ProxyHeaders.isOwn(name)) {
                if (own == null) {
                    own = new ArrayList<>();
                }
                own.add(name);
            }
        }
        if (own != null) {
            own.forEach(headers::remove);
        }
    }
}
