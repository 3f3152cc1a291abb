package com.aibang.egress.proxy;

import io.netty.util.AsciiString;

/** Names of the HTTP headers this proxy reads, writes or removes. */
public final class ProxyHeaders {

    /** Common prefix of every header of ours; all of them are removed before the destination. */
    public static final String OWN_PREFIX = "x-proxy-";

    /** Which tier answered a refusal: {@code edge} or {@code egress}. */
    public static final String TIER = "X-Proxy-Tier";

    /** Human-readable reason of a refusal. */
    public static final String REASON = "X-Proxy-Reason";

    /** Correlates both tiers' decisions for one client request; sent from edge to its parent. */
    public static final String REQUEST_ID = "X-Proxy-Request-Id";

    /** Signed statement of the caller's identity and decision, from edge to its parent; clients' copies are removed. */
    public static final String TICKET = "X-Proxy-Ticket";

    /** Legacy non-standard header some clients send; hop-by-hop. */
    public static final String PROXY_CONNECTION = "Proxy-Connection";

    private ProxyHeaders() {
    }

    /** True for every header name in our own namespace, whatever its case. */
    public static boolean isOwn(CharSequence name) {
        // Without a lower-cased copy: every header of every request is checked. The prefix is ASCII, and no
        // other character lower-cases to one of its letters, so an ASCII case-insensitive compare is the same.
        return AsciiString.regionMatches(name, true, 0, OWN_PREFIX, 0, OWN_PREFIX.length());
    }
}
