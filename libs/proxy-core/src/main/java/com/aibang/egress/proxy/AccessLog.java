package com.aibang.egress.proxy;

import java.time.Duration;
import java.util.Locale;

/**
 * One access line per request or tunnel, as JSON (field names below) or in Squid's native format so
 * existing log tooling keeps working; written off the event loops by {@link AccessLogWriter}.
 */
public final class AccessLog {

    /** Logger category of access lines. */
    public static final String CATEGORY = "com.aibang.egress.proxy.access";
    public static final String FIELD_TIME = "ts";
    public static final String FIELD_DURATION_MS = "duration_ms";
    public static final String FIELD_REQUEST_ID = "request_id";
    public static final String FIELD_TIER = "tier";
    public static final String FIELD_SOURCE = "source";
    public static final String FIELD_NAMESPACE = "namespace";
    public static final String FIELD_SERVICE_ACCOUNT = "service_account";
    public static final String FIELD_DESTINATION = "destination";
    public static final String FIELD_METHOD = "method";
    public static final String FIELD_DECISION = "decision";
    public static final String FIELD_DECIDED_BY = "decided_by";
    public static final String FIELD_DECISION_ID = "decision_id";
    public static final String FIELD_ROUTE = "route";
    public static final String FIELD_UPSTREAM = "upstream";
    public static final String FIELD_STATUS = "status";
    public static final String FIELD_REASON = "reason";
    public static final String FIELD_BYTES_UP = "bytes_up";
    public static final String FIELD_BYTES_DOWN = "bytes_down";
    /** TLS server name seen in the tunnel's ClientHello (tier 2). */
    public static final String FIELD_SNI = "sni";
    /** The IP address and port actually connected to. */
    public static final String FIELD_CONNECTED = "connected";
    /** Addresses the destination resolved to and was checked against (tier 2, DNS pinning). */
    public static final String FIELD_RESOLVED = "resolved_ips";
    /** Tier 1's decision id, taken from its ticket (tier 2). */
    public static final String FIELD_TIER1_DECISION_ID = "tier1_decision_id";
    /** How the caller was identified (e.g. edge-ticket). */
    public static final String FIELD_AUTHENTICATED_BY = "authenticated_by";
    /** Pod of the caller, when known. */
    public static final String FIELD_POD = "pod";
    /** How a request or tunnel ended: completed, client_close, upstream_close, idle_timeout, refused, sni_mismatch... */
    public static final String FIELD_END = "end";
    /** Cache result of a plain GET: hit, miss, revalidated, stale. */
    public static final String FIELD_CACHE = "cache";
    /** Path (without query) of a plain request; tier 2 writes it. */
    public static final String FIELD_PATH = "path";
    /** The caller's labels as {@code key=value,...} (from tier 1's ticket). */
    public static final String FIELD_LABELS = "labels";
    /** Comma-separated names of the fields the policy's mask erased from this line (cf. OPA's {@code erased}). */
    public static final String FIELD_ERASED = "erased";

    public static final String END_CLIENT_CLOSE = "client_close";
    public static final String END_UPSTREAM_CLOSE = "upstream_close";
    public static final String END_IDLE_TIMEOUT = "idle_timeout";
    public static final String END_REFUSED = "refused";
    public static final String END_COMPLETED = "completed";

    /** The policy allowed it. */
    public static final String DECISION_ALLOW = "allow";
    /** The policy denied it. */
    public static final String DECISION_DENY = "deny";
    /** The policy denied it in report mode; it was let through. */
    public static final String DECISION_REPORT = "deny-report";
    /** No decision was obtained (fail closed). */
    public static final String DECISION_NONE = "none";
    /** The request was refused before asking (malformed, or a protection limit). */
    public static final String DECISION_NOT_ASKED = "not-asked";

    /** Value of {@code decided_by} for answers of the policy-service. */
    public static final String DECIDED_BY_POLICY = "policy-service";
    /** Value of {@code decided_by} for allows reused in degraded mode. */
    public static final String DECIDED_BY_CACHE = "cache";
    /**
     * Value of {@code decided_by} for a decision of the policy-service reused within the policy's
     * {@code cache_ttl} for an identical request; {@code decision_id} names the decision reused.
     */
    public static final String DECIDED_BY_DECISION_CACHE = "decision-cache";

    /** Line formats. */
    public enum Format {
        JSON, SQUID;

        /** {@code json} or {@code squid}. */
        public static Format parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown access log format '" + name + "' (expected json or squid)");
            }
        }
    }

    private final ProxyTier tier;
    private final Format format;
    private final Runnable onDrop;

    public AccessLog(ProxyTier tier, Format format) {
        this(tier, format, () -> { });
    }

    /** @param onDrop called for each line dropped because the writer's queue was full */
    public AccessLog(ProxyTier tier, Format format, Runnable onDrop) {
        this.tier = tier;
        this.format = format;
        this.onDrop = onDrop;
    }

    /**
     * Writes the line for a finished request or tunnel: formatted now (the entry may change later), handed to
     * the logging system by the writer thread. Never blocks; a line the full queue cannot take is counted.
     */
    public void write(AccessEntry entry) {
        String line = format == Format.SQUID ? squid(entry) : json(entry);
        if (!AccessLogWriter.shared().offer(line)) {
            onDrop.run();
        }
    }

    /**
     * Waits until every line written so far has reached the logging system (tests, shutdown).
     *
     * @return false when {@code wait} ran out first
     */
    public static boolean awaitWritten(Duration wait) {
        return AccessLogWriter.shared().awaitWritten(wait);
    }

    /** The JSON line. */
    String json(AccessEntry e) {
        AccessLineJson line = new AccessLineJson()
                .instant(FIELD_TIME, e.startMillis)
                .number(FIELD_DURATION_MS, (System.nanoTime() - e.startNanos) / 1_000_000)
                .string(FIELD_REQUEST_ID, e.requestId)
                .string(FIELD_TIER, tier.label())
                .string(FIELD_SOURCE, e.source)
                .string(FIELD_NAMESPACE, e.namespace)
                .string(FIELD_SERVICE_ACCOUNT, e.serviceAccount)
                .string(FIELD_DESTINATION, e.destination)
                .string(FIELD_METHOD, e.method)
                .string(FIELD_DECISION, e.decision)
                .string(FIELD_DECIDED_BY, e.decidedBy)
                .string(FIELD_DECISION_ID, e.decisionId)
                .string(FIELD_ROUTE, e.route)
                .string(FIELD_UPSTREAM, e.upstream)
                .number(FIELD_STATUS, e.status)
                .string(FIELD_REASON, e.reason)
                .number(FIELD_BYTES_UP, e.bytesUp)
                .number(FIELD_BYTES_DOWN, e.bytesDown);
        for (java.util.Map.Entry<String, String> extra : e.extras.entrySet()) {
            line.string(extra.getKey(), extra.getValue());
        }
        return line.end();
    }

    /**
     * Squid's native format: {@code time elapsed client code/status bytes method URL user hierarchy/peer type},
     * with the request id in the user field so both tiers' lines can still be joined.
     */
    String squid(AccessEntry e) {
        long elapsed = (System.nanoTime() - e.startNanos) / 1_000_000;
        String code;
        if (AccessLog.DECISION_DENY.equals(e.decision)) {
            code = "TCP_DENIED";
        } else if (e.tunnel && e.status == 200) {
            code = "TCP_TUNNEL";
        } else {
            code = "TCP_MISS";
        }
        String hierarchy;
        if (e.upstream.isEmpty()) {
            hierarchy = "HIER_NONE/-";
        } else if (DIRECT_ROUTE.equals(e.route)) {
            hierarchy = "HIER_DIRECT/" + e.upstream;
        } else {
            hierarchy = "ROUNDROBIN_PARENT/" + e.upstream;
        }
        return String.format(Locale.ROOT, "%d.%03d %6d %s %s/%03d %d %s %s %s %s -",
                e.startMillis / 1000, e.startMillis % 1000, elapsed, e.source, code, e.status,
                e.bytesDown, e.method, e.destination, e.requestId, hierarchy);
    }

    private static final String DIRECT_ROUTE = com.aibang.egress.proxy.upstream.DirectRoute.NAME;
}
