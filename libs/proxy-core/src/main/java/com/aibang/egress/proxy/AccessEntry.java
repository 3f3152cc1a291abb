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
