package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.policy.Verdict;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.upstream.Forwarding;
import com.aibang.egress.proxy.upstream.UpstreamRoute;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** State of one plain HTTP request/response on a client connection. */
final class PlainExchange {

    final String requestId;
    final Target target;
    /** The caller; replaced by the credentials' identity once those are checked. */
    Source source;
    final HttpRequest request;
    final String method;
    final boolean clientKeepAlive;
    final HttpVersion clientVersion;
    final AccessEntry entry;
    /** Body parts that arrived before the upstream was ready. */
    final List<HttpContent> queued = new ArrayList<>();

    String decision;
    Verdict verdict;
    /** Addresses checked by the SSRF guard and connected to; null without a guard. */
    com.aibang.egress.proxy.guard.PinnedDestination pinned;
    UpstreamRoute route;
    /** The HTTP cache's part in this GET (lookup, revalidation, recording); null when it takes none. */
    com.aibang.egress.proxy.cache.CacheExchange cache;
    /** The origin's response is consumed by the cache (a 304, or an error stale-if-error hides), not relayed. */
    boolean cacheAbsorbs;
    /** The response body is being relayed with splice(2); null otherwise. */
    BodySplice splice;
    /** Upstream is connected and the head was sent: body parts now go straight through. */
    boolean forwarding;
    /** The client's LastHttpContent arrived. */
    boolean requestComplete;
    /** The current response head was 1xx: its end does not end the exchange. */
    boolean informational;
    boolean responseStarted;
    boolean responseComplete;
    boolean upstreamReusable;
    boolean closeClientAfter;
    long bytesUp;
    long bytesDown;

    PlainExchange(String requestId, Target target, Source source, HttpRequest request, boolean clientKeepAlive,
            AccessEntry entry) {
        this.requestId = requestId;
        this.target = target;
        this.source = source;
        this.request = request;
        this.method = request.method().name();
        this.clientKeepAlive = clientKeepAlive;
        this.clientVersion = request.protocolVersion();
        this.entry = entry;
    }

    Forwarding forwarding() {
        return new Forwarding(target, requestId, source, verdict == null ? "" : verdict.decisionId());
    }

    void releaseQueued() {
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
    }
}
