package com.aibang.egress.proxy.policy;

import com.aibang.egress.policy.v1.Source;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Identifies a caller from the credentials of one request ({@code Proxy-Authorization}), ahead of the
 * connection-based {@link SourceIdentityResolver}. May be slow (e.g. an API call), hence asynchronous.
 */
@FunctionalInterface
public interface RequestAuthenticator {

    /** Never identifies anyone; the connection-based identity applies. */
    RequestAuthenticator NONE = (sourceIp, proxyAuthorization) -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * @param sourceIp the caller's IP (goes into the returned source)
     * @param proxyAuthorization the request's {@code Proxy-Authorization} value, null when absent
     * @return empty when the request carries no credentials this authenticator understands; the identity
     *         when they are valid; a future failed with a {@link com.aibang.egress.proxy.ProxyFailure} of kind
     *         {@code PROXY_AUTH_FAILED} when they are not
     */
    CompletableFuture<Optional<Source>> authenticate(String sourceIp, String proxyAuthorization);

    /**
     * Same, with everything the request presents (tier 2 reads the ticket). The default looks at the
     * {@code Proxy-Authorization} value only.
     */
    default CompletableFuture<Optional<Source>> authenticate(RequestCredentials credentials) {
        return authenticate(credentials.sourceIp(), credentials.proxyAuthorization());
    }
}
