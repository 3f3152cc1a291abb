package com.aibang.egress.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Request heads that the HTTP decoder accepts but that hops could frame or route differently (RFC 9112
 * sections 3.2 and 6): refused with 400 before anything is forwarded.
 */
final class HeadChecks {

    private HeadChecks() {
    }

    /** Why the head is refused, or null when it is fine. */
    static String problem(HttpHeaders headers) {
        List<String> transferEncodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!transferEncodings.isEmpty()) {
            // Only a single, final "chunked" is framed the same way by every hop; anything else is refused.
            if (transferEncodings.size() != 1
                    || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(transferEncodings.get(0).trim())) {
                return "unsupported Transfer-Encoding (only a single chunked is accepted): "
                        + String.join(", ", transferEncodings);
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "both Transfer-Encoding and Content-Length";
            }
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
            return "more than one Host header field";
        }
        return null;
    }
}
