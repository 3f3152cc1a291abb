package com.aibang.egress.proxy;

/** The facts of one request or tunnel for its access-log line; filled in as they become known. */
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

    public AccessEntry requestId(String value) {
        requestId = value;
        return this;
    }

    public AccessEntry source(String ip, String namespace, String serviceAccount) {
        this.source = ip == null || ip.isEmpty() ? "-" : ip;
        this.namespace = namespace == null ? "" : namespace;
        this.serviceAccount = serviceAccount == null ? "" : serviceAccount;
        return this;
    }

    public AccessEntry destination(String value, String method, boolean tunnel) {
        this.destination = value;
        this.method = method;
        this.tunnel = tunnel;
        return this;
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
        this.upstream = upstream == null ? "" : upstream;
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
        if (value == null || value.isEmpty()) {
            extras.remove(field);
        } else {
            extras.put(field, value);
        }
        return this;
    }

    /** Sets an audit field only when it is not set yet (first cause wins, e.g. for {@code end}). */
    public AccessEntry extraIfAbsent(String field, String value) {
        if (value != null && !value.isEmpty()) {
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
