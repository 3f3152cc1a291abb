package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.target.InvalidTargetException;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.target.TargetParser;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request head as the proxy understands it: its id, whether it opens a tunnel, and its normalised
 * target, or why it is malformed.
 *
 * @param requestId id for logs and the policy ("-" when the head could not even be decoded)
 * @param connect true for CONNECT
 * @param target normalised target, null when malformed
 * @param malformed why the request is refused with 400, null when it is fine
 */
record ParsedRequest(String requestId, boolean connect, Target target, ProxyFailure malformed) {

    static ParsedRequest of(HttpRequest request, boolean trustIncomingRequestId) {
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        if (request.decoderResult().isFailure()) {
            return new ParsedRequest("-", connect, null, new ProxyFailure(FailureKind.MALFORMED,
                    "malformed request: " + request.decoderResult().cause().getMessage()));
        }
        String requestId = RequestIds.choose(request.headers(), trustIncomingRequestId);
        try {
            if (request.protocolVersion().majorVersion() != 1) {
                throw new InvalidTargetException("unsupported protocol version " + request.protocolVersion());
            }
            Target target = connect ? TargetParser.parseConnect(request.uri()) : TargetParser.parseAbsolute(request.uri());
            return new ParsedRequest(requestId, connect, target, null);
        } catch (InvalidTargetException e) {
            return new ParsedRequest(requestId, connect, null, new ProxyFailure(FailureKind.MALFORMED, e.getMessage()));
        }
    }
}
