package com.aibang.egress.proxy.upstream;

import io.netty.handler.codec.http.FullHttpResponse;

/** The parent proxy answered our CONNECT with a non-2xx response, which the client must see as is. */
public final class ParentRefusal extends Exception {

    private final transient FullHttpResponse response;

    public ParentRefusal(FullHttpResponse response) {
        super("parent proxy refused CONNECT with " + response.status(), null, false, false);
        this.response = response;
    }

    /** The parent's response; the receiver owns (and must release) it. */
    public FullHttpResponse response() {
        return response;
    }
}
