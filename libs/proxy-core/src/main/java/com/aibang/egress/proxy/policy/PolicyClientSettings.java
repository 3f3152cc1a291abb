package com.aibang.egress.proxy.policy;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * How a proxy asks the policy-service: the configuration group both tiers map ({@code edge.policy.*},
 * {@code egress.policy.*}) with its names and defaults, declared once here; {@link PolicyClient#create} builds the
 * client from it. SmallRye Config reads the annotations of these methods in the tiers' mappings.
 */
public interface PolicyClientSettings {

    /** Deadline of one Check call; past it the request is refused with 503. */
    @WithDefault("500ms")
    Duration deadline();

    /**
     * Run the policy client on the proxy's own event loops (one plain-text connection per loop to
     * {@code quarkus.grpc.clients.policy.host/port}), so a check never crosses threads. Off, or with
     * {@code quarkus.grpc.clients.policy.plain-text=false}, Quarkus' gRPC client is used instead.
     */
    @WithName("event-loop-client")
    @WithDefault("true")
    boolean eventLoopClient();

    /** Reuse within the policy's {@code cache_ttl}. */
    @WithName("decision-cache")
    DecisionCache decisionCache();

    /** Decisions reused for identical requests (all of the Check request but its id) while their cache_ttl lasts. */
    interface DecisionCache {
        /** Off: every request and tunnel is asked, whatever the policy's cache_ttl. */
        @WithDefault("true")
        boolean enabled();

        /** Most decisions kept; the oldest go first when full. */
        @WithName("max-entries")
        @WithDefault("10000")
        int maxEntries();

        /** Reports of the reuses to the policy-service (rate counts, decision log). */
        ReuseReport report();
    }

    /**
     * Every reuse is reported to the policy-service, which counts it in input.rate and writes a decision-log entry
     * for it; a reuse that cannot be reported (too many pending) is not made: the policy-service is asked instead.
     */
    interface ReuseReport {
        /** Default of {@link #interval()}, in seconds (also {@link ReuseReporter.Settings#defaults()}). */
        long INTERVAL_SECONDS = 1;
        /** Default of {@link #maxRequestIds()}. */
        int MAX_REQUEST_IDS = 20;
        /** Default of {@link #maxPending()}. */
        int MAX_PENDING = 10000;

        /** How often collected reuses are sent (rate limits see reuses at most this late). */
        @WithDefault(INTERVAL_SECONDS + "s")
        Duration interval();

        /** Most request ids listed per reused decision and report (the rest are counted). */
        @WithName("max-request-ids")
        @WithDefault("" + MAX_REQUEST_IDS)
        int maxRequestIds();

        /** Most reused decisions waiting to be reported; beyond that reuses are declined (asked instead). */
        @WithName("max-pending")
        @WithDefault("" + MAX_PENDING)
        int maxPending();
    }
}
