package com.aibang.egress.proxy.http;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.policy.RequestCredentials;
import java.util.concurrent.CompletableFuture;

/** The caller of one request: the credentials' identity when they carry one, the connection's otherwise. */
final class Identities {

    private Identities() {
    }

    static CompletableFuture<Source> authenticate(ProxyEngine engine, Source connectionIdentity,
            RequestCredentials credentials) {
        try {
            return engine.authenticator().authenticate(credentials)
                    .thenApply(identity -> identity.orElse(connectionIdentity));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
