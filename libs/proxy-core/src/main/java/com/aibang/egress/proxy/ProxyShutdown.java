package com.aibang.egress.proxy;

import com.aibang.egress.proxy.policy.PolicyClient;

/** Stops what a proxy tier started, in the one order that loses no reuse report; both tiers stop through it. */
public final class ProxyShutdown {

    private ProxyShutdown() {
    }

    /**
     * Stops the server (it drains, so the last reuses are recorded), then closes the policy client (it sends the last
     * reuse reports to the policy-service, over connections that may run on the loops), then closes the event loops
     * both ran on. Each step runs even when an earlier one failed; any of them may be null (not started).
     */
    public static void stop(ProxyServer server, PolicyClient policy, ProxyEventLoops loops) {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            try {
                if (policy != null) {
                    policy.close();
                }
            } finally {
                if (loops != null) {
                    loops.close();
                }
            }
        }
    }
}
