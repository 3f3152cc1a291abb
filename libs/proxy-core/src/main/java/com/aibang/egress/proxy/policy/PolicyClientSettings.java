package com.aibang.egress.proxy.policy;

import java.time.Duration;

/**
 * How a proxy asks the policy-service, as each tier's configuration group declares it ({@code edge.policy.*},
 * {@code egress.policy.*}); the tiers' config interfaces extend these and keep their own defaults and javadoc.
 * {@link PolicyClient#create} builds the client from them.
 */
public interface PolicyClientSettings {

    /** Deadline of one Check call ({@code deadline}). */
    Duration deadline();

    /** Run the client on the proxy's own event loops ({@code event-loop-client}). */
    boolean eventLoopClient();

    /** Reuse of decisions within the policy's cache_ttl ({@code decision-cache.*}). */
    interface DecisionCache {
        boolean enabled();

        int maxEntries();
    }

    /** Reports of the reuses to the policy-service ({@code decision-cache.report.*}). */
    interface ReuseReport {
        Duration interval();

        int maxRequestIds();

        int maxPending();
    }
}
