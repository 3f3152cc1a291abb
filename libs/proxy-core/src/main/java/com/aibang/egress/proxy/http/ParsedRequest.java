package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.target.InvalidTargetException;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.target.TargetParser;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * A request head as the proxy understands it: its id, whether it opens a tunnel, and its normalised
 * target, or why it is refused before asking the policy.
 *
 * @param requestId id for logs and the policy ("-" when the head could not even be decoded)
 * @param connect true for CONNECT
 * @param target normalised target, null when refused
 * @param malformed why the request is refused (400, or a limit's status), null when it is fine
 * @param limit name of the protection limit breached, null when none
 */
record ParsedRequest(String requestId, boolean connect, Target target, ProxyFailure malformed, String limit) {

    static ParsedRequest of(HttpRequest request, boolean trustIncomingRequestId, ProxyLimits limits) {
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        if (request.decoderResult().isFailure()) {
            return decodeFailure(connect, request.decoderResult().cause(), limits);
        }
        String requestId = RequestIds.choose(request.headers(), trustIncomingRequestId);
        if (request.headers().size() > limits.maxHeaderCount()) {
            return new ParsedRequest(requestId, connect, null, new ProxyFailure(FailureKind.HEADERS_TOO_LARGE,
                    request.headers().size() + " header fields exceed the limit of " + limits.maxHeaderCount()),
                    ProxyLimits.HEADER_COUNT);
        }
        String badHead = HeadChecks.problem(request.headers());
        if (badHead != null) {
            return new ParsedRequest(requestId, connect, null, new ProxyFailure(FailureKind.MALFORMED, badHead), null);
        }
        try {
            if (request.protocolVersion().majorVersion() != 1) {
                throw new InvalidTargetException("unsupported protocol version " + request.protocolVersion());
            }
            if (misspelledVersion(request.protocolVersion())) {
                throw new InvalidTargetException("HTTP version must be written HTTP/1.0 or HTTP/1.1 (case-sensitive)");
            }
            Target target = connect ? TargetParser.parseConnect(request.uri()) : TargetParser.parseAbsolute(request.uri());
            return new ParsedRequest(requestId, connect, target, null, null);
        } catch (InvalidTargetException e) {
            return new ParsedRequest(requestId, connect, null, new ProxyFailure(FailureKind.MALFORMED, e.getMessage()),
                    null);
        }
    }

    /**
     * True for a version Netty accepted only after upper-casing it ({@code http/1.1}): the exact spellings
     * decode to the shared constants, any other spelling to a new, equal instance. RFC 9112 makes the
     * name case-sensitive, and a hop that reads it differently could frame the message differently.
     */
    private static boolean misspelledVersion(HttpVersion version) {
        boolean known = version.equals(HttpVersion.HTTP_1_1) || version.equals(HttpVersion.HTTP_1_0);
        return known && version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0;
    }

    private static ParsedRequest decodeFailure(boolean connect, Throwable cause, ProxyLimits limits) {
        if (cause instanceof TooLongHttpLineException) {
            return new ParsedRequest("-", connect, null, new ProxyFailure(FailureKind.REQUEST_LINE_TOO_LONG,
                    "request line exceeds " + limits.maxRequestLineLength() + " bytes"), ProxyLimits.REQUEST_LINE);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new ParsedRequest("-", connect, null, new ProxyFailure(FailureKind.HEADERS_TOO_LARGE,
                    "request headers exceed " + limits.maxHeaderSize() + " bytes"), ProxyLimits.HEADER_SIZE);
        }
        return new ParsedRequest("-", connect, null, new ProxyFailure(FailureKind.MALFORMED,
                "malformed request: " + cause.getMessage()), null);
    }
}
