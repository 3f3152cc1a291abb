package com.aibang.egress.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * One access line per request or tunnel, as JSON (field names below) or in Squid's native format so
 * existing log tooling keeps working.
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
    /** Cache result of a plain GET: hit, miss, revalidated. */
    public static final String FIELD_CACHE = "cache";

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

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProxyTier tier;
    private final Format format;

    public AccessLog(ProxyTier tier, Format format) {
        this.tier = tier;
        this.format = format;
    }

    /** Writes the line for a finished request or tunnel. */
    public void write(AccessEntry entry) {
        LOG.info(format == Format.SQUID ? squid(entry) : json(entry));
    }

    /** The JSON line. */
    String json(AccessEntry e) {
        ObjectNode line = JSON.createObjectNode()
                .put(FIELD_TIME, java.time.Instant.ofEpochMilli(e.startMillis).toString())
                .put(FIELD_DURATION_MS, (System.nanoTime() - e.startNanos) / 1_000_000)
                .put(FIELD_REQUEST_ID, e.requestId)
                .put(FIELD_TIER, tier.label())
                .put(FIELD_SOURCE, e.source)
                .put(FIELD_NAMESPACE, e.namespace)
                .put(FIELD_SERVICE_ACCOUNT, e.serviceAccount)
                .put(FIELD_DESTINATION, e.destination)
                .put(FIELD_METHOD, e.method)
                .put(FIELD_DECISION, e.decision)
                .put(FIELD_DECIDED_BY, e.decidedBy)
                .put(FIELD_DECISION_ID, e.decisionId)
                .put(FIELD_ROUTE, e.route)
                .put(FIELD_UPSTREAM, e.upstream)
                .put(FIELD_STATUS, e.status)
                .put(FIELD_REASON, e.reason);
        line.put(FIELD_BYTES_UP, e.bytesUp).put(FIELD_BYTES_DOWN, e.bytesDown);
        e.extras.forEach(line::put);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write access line", ex);
        }
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
