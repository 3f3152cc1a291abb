package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.HopByHopHeaders;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.ProxyMetrics;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/** Prepares upstream responses for the client: hop-by-hop headers, framing, keep-alive, the access line. */
final class ResponseRelay {

    private final ProxyMetrics metrics;

    ResponseRelay(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    /** Adjusts a response head in place before it goes to the client. */
    void onHead(PlainExchange ex, HttpResponse response) {
        int code = response.status().code();
        ex.informational = code >= 100 && code < 200;
        boolean upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HopByHopHeaders.removeFrom(response.headers());
        if (ex.informational) {
            return;
        }
        ex.responseStarted = true;
        ex.upstreamReusable = upstreamKeepAlive;
        boolean bodyPossible = !HttpMethod.HEAD.name().equals(ex.method) && code != 204 && code != 304;
        boolean framed = HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response);
        if (bodyPossible && !framed) {
            // Body runs until the upstream closes: re-frame it for HTTP/1.1 clients, close for HTTP/1.0.
            ex.upstreamReusable = false;
            if (HttpVersion.HTTP_1_1.equals(ex.clientVersion)) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                ex.closeClientAfter = true;
            }
        }
        boolean keepClient = ex.clientKeepAlive && !ex.closeClientAfter;
        ex.closeClientAfter = !keepClient;
        if (!keepClient) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (HttpVersion.HTTP_1_0.equals(ex.clientVersion)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        // The access line is written when the response ends (with its size), see ProxyFrontendHandler.
        ex.entry.status(code, response.headers().get(ProxyHeaders.REASON, ""));
        metrics.requestDone(ProxyMetrics.KIND_REQUEST, ex.decision, code);
    }

    /** True when this content ends the (final, non-1xx) response. */
    boolean onContent(PlainExchange ex, HttpContent content) {
        if (!(content instanceof LastHttpContent)) {
            return false;
        }
        if (ex.informational) {
            ex.informational = false;
            return false;
        }
        return true;
    }
}
