package com.aibang.egress.proxy.policy;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.target.Target;

/**
 * What one request presents about its caller, for a {@link RequestAuthenticator}.
 *
 * @param sourceIp the connecting IP
 * @param proxyAuthorization the {@code Proxy-Authorization} value, null when absent
 * @param ticket the tier-1 ticket ({@code X-Proxy-Ticket}), null when absent
 * @param requestId the request id the request carries (or was given)
 * @param target the normalised destination it asks for
 * @param entry its access/audit line, for facts the authenticator learns (e.g. tier 1's decision id)
 */
public record RequestCredentials(String sourceIp, String proxyAuthorization, String ticket, String requestId,
        Target target, AccessEntry entry) {
}
