package com.aibang.egress.proxy;

/**
 * The facts of one request or tunnel for its access-log line; filled in as they become known. Fields the
 * policy's mask names are erased (see {@link #mask}).
 */
public final class AccessEntry {

    final long startMillis = System.currentTimeMillis();
    final long startNanos = System.nanoTime();
    String requestId = "-";
    String source = "-";
    String namespace = "";
    String serviceAccount = "";
    String destination = "-";
    String method = "-";
    String decision = AccessLog.DECISION_NOT_ASKED;
    String decidedBy = "";
    String decisionId = "";
    String route = "";
    String upstream = "";
    int status;
    String reason = "";
    long bytesUp;
    long bytesDown;
    boolean tunnel;
    /** Further fields of the audit line (tier 2: sni, connected address, tier-1 decision id, end). */
    final java.util.Map<String, String> extras = new java.util.LinkedHashMap<>();
    /** Fields the policy's mask erased; they stay erased whatever is set later. */
    private final java.util.Set<String> erased = new java.util.TreeSet<>();

    /** Value written in place of an erased field the line always carries. */
    static final String ERASED_VALUE = "-";

    public AccessEntry requestId(String value) {
        requestId = kept(AccessLog.FIELD_REQUEST_ID, value, ERASED_VALUE);
        return this;
    }

    public AccessEntry source(String ip, String namespace, String serviceAccount) {
        this.source = kept(AccessLog.FIELD_SOURCE, ip == null || ip.isEmpty() ? "-" : ip, ERASED_VALUE);
        this.namespace = kept(AccessLog.FIELD_NAMESPACE, namespace == null ? "" : namespace, "");
        this.serviceAccount = kept(AccessLog.FIELD_SERVICE_ACCOUNT, serviceAccount == null ? "" : serviceAccount, "");
        return this;
    }

    public AccessEntry destination(String value, String method, boolean tunnel) {
        this.destination = kept(AccessLog.FIELD_DESTINATION, value, ERASED_VALUE);
        this.method = kept(AccessLog.FIELD_METHOD, method, ERASED_VALUE);
        this.tunnel = tunnel;
        return this;
    }

    /**
     * Erases the fields the policy marks secret ({@code mask}: JSON pointers into its input, see
     * {@link AccessMask}), now and whenever they are set later, and lists them in {@code erased}.
     */
    public AccessEntry mask(java.util.List<String> pointers) {
        java.util.Set<String> fields = AccessMask.fieldsErasedBy(pointers);
        if (fields.isEmpty()) {
            return this;
        }
        erased.addAll(fields);
        requestId(requestId);
        source(source, namespace, serviceAccount);
        destination(destination, method, tunnel);
        upstream(route, upstream);
        fields.forEach(extras::remove);
        extras.put(AccessLog.FIELD_ERASED, String.join(",", erased));
        return this;
    }

    /** Names of the fields the mask erased (sorted); empty when none. */
    public java.util.Set<String> erased() {
        return java.util.Collections.unmodifiableSet(erased);
    }

    private String kept(String field, String value, String erasedValue) {
        return erased.contains(field) ? erasedValue : value;
    }

    public AccessEntry decision(String value, String decidedBy, String decisionId) {
        this.decision = value;
        this.decidedBy = decidedBy == null ? "" : decidedBy;
        this.decisionId = decisionId == null ? "" : decisionId;
        return this;
    }

    /** Route name and the upstream host:port actually used. */
    public AccessEntry upstream(String route, String upstream) {
        this.route = route == null ? "" : route;
        this.upstream = kept(AccessLog.FIELD_UPSTREAM, upstream == null ? "" : upstream, "");
        return this;
    }

    public AccessEntry status(int value, String reason) {
        this.status = value;
        this.reason = reason == null ? "" : reason;
        return this;
    }

    public AccessEntry bytes(long up, long down) {
        this.bytesUp = up;
        this.bytesDown = down;
        return this;
    }

    /** Adds (or replaces) an audit field; null or empty values are left out. */
    public AccessEntry extra(String field, String value) {
        if (value == null || value.isEmpty() || erased.contains(field)) {
            extras.remove(field);
        } else {
            extras.put(field, value);
        }
        return this;
    }

    /** Sets an audit field only when it is not set yet (first cause wins, e.g. for {@code end}). */
    public AccessEntry extraIfAbsent(String field, String value) {
        if (value != null && !value.isEmpty() && !erased.contains(field)) {
            extras.putIfAbsent(field, value);
        }
        return this;
    }

    public String extra(String field) {
        return extras.get(field);
    }

    public String decision() {
        return decision;
    }

    public int status() {
        return status;
    }

    public boolean tunnel() {
        return tunnel;
    }
}
