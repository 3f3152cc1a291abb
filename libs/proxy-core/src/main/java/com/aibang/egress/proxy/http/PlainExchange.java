package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.target.Target;
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
    final HttpRequest request;
    final String method;
    final boolean clientKeepAlive;
    final HttpVersion clientVersion;
    /** Body parts that arrived before the upstream was ready. */
    final List<HttpContent> queued = new ArrayList<>();

    String decision;
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

    PlainExchange(String requestId, Target target, HttpRequest request, boolean clientKeepAlive) {
        this.requestId = requestId;
        this.target = target;
        this.request = request;
        this.method = request.method().name();
        this.clientKeepAlive = clientKeepAlive;
        this.clientVersion = request.protocolVersion();
    }

    void releaseQueued() {
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
    }
}
