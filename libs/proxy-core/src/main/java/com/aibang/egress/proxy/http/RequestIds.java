package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.ProxyHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.UUID;

/** Chooses the request id: generated at tier 1, taken from tier 1's header at tier 2 when well-formed. */
final class RequestIds {

    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    static String choose(HttpHeaders headers, boolean trustIncoming) {
        if (trustIncoming) {
            String given = headers.get(ProxyHeaders.REQUEST_ID);
            if (given != null && valid(given)) {
                return given;
            }
        }
        return UUID.randomUUID().toString();
    }

    /** {@code [A-Za-z0-9._:-]{1,128}}, checked without a regex (tier 2 checks every request's id). */
    static boolean valid(String id) {
        int length = id.length();
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
