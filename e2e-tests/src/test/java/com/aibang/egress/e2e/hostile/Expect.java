package com.aibang.egress.e2e.hostile;

import com.aibang.egress.e2e.RecordingUpstream.Received;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What a hostile case must produce. Whatever the expectation, the evil and the 127.0.0.1 upstreams must
 * never be reached; that is checked for every case apart from this.
 */
interface Expect {

    /** Null when {@code observed} meets the expectation, else what is wrong. */
    String mismatch(Observed observed);

    /** Refused with {@code status}; no upstream received anything. */
    static Expect refused(int status) {
        return described("refused by the proxy (X-Proxy-Tier) with " + status + ", nothing forwarded",
                o -> o.status() == status && o.refusedByProxy() && o.reachedAllowed().isEmpty());
    }

    /** Answered 200 by the allowed upstream, which received exactly one request. */
    static Expect forwarded() {
        return forwarded("any request", (r, port) -> true);
    }

    /** Like {@link #forwarded()}, and the one request that arrived meets {@code check}. */
    static Expect forwarded(String check, RequestCheck request) {
        return described("200 and forwarded exactly once to the allowed upstream, " + check,
                o -> o.status() == 200 && o.reachedAllowed().size() == 1
                        && request.test(o.reachedAllowed().get(0), o.port()));
    }

    /** A CONNECT answered 200; no byte was sent into the tunnel, so no upstream received anything. */
    static Expect tunnelOpened() {
        return described("tunnel opened (200), nothing sent yet", o -> o.status() == 200 && o.reachedAllowed().isEmpty());
    }

    /** Either of two outcomes is acceptable (where the RFC allows a choice, e.g. reject or normalise). */
    static Expect either(Expect first, Expect second) {
        return o -> first.mismatch(o) == null || second.mismatch(o) == null ? null
                : "expected " + first.mismatch(o) + " OR " + second.mismatch(o);
    }

    private static Expect described(String description, Predicate<Observed> ok) {
        return o -> ok.test(o) ? null : description;
    }

    /** A check of the request the allowed upstream received; {@code port} is what {@code {P}} stands for. */
    @FunctionalInterface
    interface RequestCheck {
        boolean test(Received request, int port);
    }

    /** The upstream saw exactly one Host header, with this value ({@code {P}} = the upstream port). */
    static RequestCheck hostHeader(String expected) {
        return (r, port) -> List.of(expected.replace("{P}", String.valueOf(port))).equals(r.headers().get("Host"));
    }

    /** The upstream saw exactly this request target (origin-form path and query). */
    static RequestCheck path(String expected) {
        return (r, port) -> expected.equals(r.path());
    }

    /** No header of ours ({@code X-Proxy-*}) and no proxy credentials reached the upstream. */
    static RequestCheck noProxyHeaders() {
        return (r, port) -> r.headers().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT))
                .noneMatch(h -> h.startsWith("x-proxy-") || h.startsWith("proxy-"));
    }
}
