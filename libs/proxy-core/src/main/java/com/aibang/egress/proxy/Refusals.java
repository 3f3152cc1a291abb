package com.aibang.egress.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The one place where failures become HTTP responses to the client. */
public final class Refusals {

    private Refusals() {
    }

    /** HTTP status for a failure: 400, 403 (or the policy's own status), 503, 502, 504, 414, 431, 408, 429. */
    public static int statusOf(ProxyFailure failure) {
        return switch (failure.kind()) {
            case MALFORMED -> 400;
            case DENIED -> isErrorStatus(failure.policyStatus()) ? failure.policyStatus() : 403;
            case NO_DECISION -> 503;
            case UNREACHABLE -> 502;
            case TIMEOUT -> 504;
            case REQUEST_LINE_TOO_LONG -> 414;
            case HEADERS_TOO_LARGE -> 431;
            case HEADER_TIMEOUT -> 408;
            case TOO_MANY_CONNECTIONS -> 429;
            case PROXY_AUTH_FAILED -> 407;
        };
    }

    /** Builds the refusal: tier and reason headers, short text body, connection closed afterwards. */
    public static FullHttpResponse responseFor(ProxyTier tier, ProxyFailure failure) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(statusOf(failure));
        String reason = headerSafe(failure.reason());
        ByteBuf body = Unpooled.copiedBuffer(status.code() + " " + status.reasonPhrase() + " (" + tier.label()
                + " proxy): " + reason + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(ProxyHeaders.TIER, tier.label())
                .set(ProxyHeaders.REASON, reason)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (failure.kind() == FailureKind.PROXY_AUTH_FAILED) {
            response.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Bearer");
        }
        if (failure.retryAfterSeconds() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, failure.retryAfterSeconds());
        }
        return response;
    }

    /**
     * Passes a parent proxy's refusal of a CONNECT on to the client unchanged (status, our tier and
     * reason headers, body), closing the connection afterwards.
     */
    public static FullHttpResponse relayedFromParent(FullHttpResponse parentResponse) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, parentResponse.status(),
                parentResponse.content().retain());
        response.headers().set(parentResponse.headers());
        HopByHopHeaders.removeFrom(response.headers());
        response.headers()
                .remove(HttpHeaderNames.TRANSFER_ENCODING)
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** Writes a refusal and closes the client connection once it is on the wire. */
    public static void send(Channel client, FullHttpResponse response) {
        if (client.isActive()) {
            client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            response.release();
        }
    }

    private static boolean isErrorStatus(int status) {
        return status >= 400 && status <= 599;
    }

    /** Header values must stay on one line and in ASCII. */
    private static String headerSafe(String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        StringBuilder safe = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && safe.length() < 200; i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return safe.toString().trim();
    }
}
