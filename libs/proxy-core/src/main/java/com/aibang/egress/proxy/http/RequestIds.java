package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.ProxyHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.UUID;
import java.util.regex.Pattern;

/** Chooses the request id: generated at tier 1, taken from tier 1's header at tier 2 when well-formed. */
final class RequestIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    static String choose(HttpHeaders headers, boolean trustIncoming) {
        if (trustIncoming) {
            String given = headers.get(ProxyHeaders.REQUEST_ID);
            if (given != null && VALID.matcher(given).matches()) {
                return given;
            }
        }
        return UUID.randomUUID().toString();
    }
}
