package com.aibang.egress.policyservice.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All policy-service settings under the {@code policy.} prefix. */
@ConfigMapping(prefix = "policy")
public interface PolicyConfig {

    /**
     * Directory with the .rego modules and data.json/data.yaml files, loaded and compiled at
     * startup; several comma-separated directories are layered into one bundle (data deep-merged).
     */
    @WithDefault("policies")
    List<String> dir();

    /** Watch policy.dir for changes (file events, incl. the ConfigMap ..data symlink swap) and reload. */
    @WithDefault("true")
    boolean watch();

    /**
     * Fallback polling: how often the directories are re-read even without a file event (for
     * file systems without change events). A changed revision that compiles replaces the policy,
     * one that does not is reported and ignored. 0 = no polling.
     */
    @WithDefault("0s")
    Duration reloadInterval();

    /** Rego reference evaluated for every Check, e.g. data.egress.decision. */
    @WithDefault("data.egress.decision")
    String decisionPath();

    /**
     * Longest one evaluation may run before it is cancelled and the Check denied (fail closed), so a
     * pathological policy cannot stall the service; 0s = no limit.
     */
    @WithDefault("250ms")
    Duration evalTimeout();

    /**
     * Thread a Check is answered on. event-loop: the gRPC event loop itself (no thread hop; a slow
     * policy holds up that loop's other calls for at most eval-timeout); worker: the worker pool
     * (one hand-off per Check). The Redis rate store and policy.engine=opa always use the worker pool.
     */
    @WithDefault("event-loop")
    CheckThread evaluateOn();

    /**
     * Cap of the decision's cache_ttl (seconds a proxy may reuse a decision, CheckResponse
     * cache_ttl_seconds), so a policy change or rate limit reaches reused decisions within this time.
     */
    @WithDefault("300s")
    Duration maxCacheTtl();

    /** Where Checks are answered. */
    enum CheckThread { EVENT_LOOP, WORKER }

    /** rego: evaluate with the embedded interpreter; opa: ask an external OPA server (policy.opa.url). */
    @WithDefault("rego")
    Engine engine();

    /** Settings of policy.engine=opa. */
    Opa opa();

    /** Where and how decisions are logged. */
    DecisionLog decisionLog();

    /** Request rate counting (input.rate). */
    Rate rate();

    /** The gRPC server. */
    Grpc grpc();

    /** Evaluation engines. */
    enum Engine { REGO, OPA }

    /** External OPA server (or another policy-service) speaking the Data API. */
    interface Opa {
        /** Base URL, e.g. http://opa.example:8181 (required with policy.engine=opa). */
        Optional<String> url();

        /** Per-request timeout; a timeout or any error denies (fail closed). */
        @WithDefault("500ms")
        Duration timeout();
    }

    /** Decision log settings. */
    interface DecisionLog {
        /** File the JSON lines are appended to (parent directories are created); unset = no file. */
        Optional<String> file();

        /** Also write lines to stdout; default: only when no file is configured. */
        Optional<Boolean> stdout();

        /** Rotate the file before it would grow past this size (e.g. 100M); 0 = never rotate. */
        @WithDefault("0")
        MemorySize maxFileSize();

        /** Rotated files kept: FILE.1 (newest) ... FILE.N. */
        @WithDefault("10")
        int maxBackups();

        /**
         * Answer a Check only after its entry is written and flushed (group commit), so even a
         * killed process has logged every answered decision. false: answered once queued
         * (lower latency; queued entries are still flushed on a normal shutdown).
         */
        @WithDefault("true")
        boolean waitForWrite();

        /**
         * With wait-for-write and Checks answered on the event loop: the loop that answered a Check also writes
         * its entry (one write and flush per loop turn for all its entries), so a Check needs no hand-over to the
         * writer thread and back. false: the writer thread writes every entry, so a blocking write (stalled disk)
         * holds up that thread instead of an event loop.
         */
        @WithDefault("true")
        boolean writeOnEventLoop();

        /** Entries waiting to be written; when full, Check waits up to enqueue-timeout. */
        @WithDefault("10000")
        int queueCapacity();

        /** How long a Check waits for room in a full queue before failing with RESOURCE_EXHAUSTED. */
        @WithDefault("1s")
        Duration enqueueTimeout();

        /**
         * Rego reference of the mask policy (like OPA's system.log.mask); set empty for no masking (an empty value reads
         * as absent here, so Optional: a plain String refused the documented {@code policy.decision-log.mask-path=}).
         */
        @WithDefault("data.system.log.mask")
        Optional<String> maskPath();

        /** {@link #maskPath()} trimmed, empty for no masking: what the decision service and the warm-up evaluate. */
        default String maskReference() {
            return maskPath().map(String::trim).orElse("");
        }

        /** Extra labels written in every entry's "labels" (OPA: labels), e.g. policy.decision-log.labels.cluster=prod. */
        Map<String, String> labels();

        /** Most recent entries kept in memory for GET /v1/decisions; 0 = none. */
        @WithDefault("1000")
        int retain();
    }

    /**
     * The gRPC server: policy.v1.PolicyService (Check, ReportReuse) and grpc.health.v1.Health on plain grpc-java
     * Netty (see grpc.GrpcServerSettings for the defaults and the deprecated quarkus.grpc.server.* names).
     */
    interface Grpc {
        /** Address to listen on (default 0.0.0.0; deprecated fallback quarkus.grpc.server.host). */
        Optional<String> host();

        /** Port to listen on (default 9191, 0 = any free port; deprecated fallback quarkus.grpc.server.port). */
        Optional<Integer> port();

        /**
         * Netty event loops (threads) serving gRPC connections; a connection stays on one loop, which decodes,
         * evaluates (policy.evaluate-on=event-loop), writes the decision log and answers.
         */
        @WithDefault("1")
        int eventLoops();

        /** Largest request message accepted (gRPC RESOURCE_EXHAUSTED beyond), e.g. 4M. */
        @WithDefault("4M")
        MemorySize maxInboundMessageSize();

        /**
         * HTTP/2 flow-control window (per call and per connection), fixed: grpc-java's auto-tuning (BDP) would send
         * a PING on nearly every request read.
         */
        @WithDefault("1M")
        MemorySize flowControlWindow();

        /**
         * Calls one connection may have in flight at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS; clients queue
         * further calls); 0 = no limit.
         */
        @WithDefault("0")
        int maxConcurrentCallsPerConnection();

        /**
         * On shutdown (SIGTERM): longest wait for the calls in flight to finish after the server stopped accepting,
         * before they are cut off; the decision log is flushed after that.
         */
        @WithDefault("10s")
        Duration shutdownTimeout();
    }

    /** Rate counting settings. */
    interface Rate {
        /** memory (this instance only) or redis (shared by replicas; quarkus.redis.hosts). */
        @WithDefault("memory")
        Store store();

        /** Key prefix in Redis. */
        @WithDefault("egress:rate:")
        String redisKeyPrefix();
    }

    /** Rate stores. */
    enum Store { MEMORY, REDIS }
}
