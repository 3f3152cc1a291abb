package com.aibang.egress.proxy.upstream;

/** One parent proxy of a pool, with its weight and current health; health changes are thread-safe. */
public final class ParentMember {

    private final UpstreamEndpoint endpoint;
    private final int weight;
    private volatile boolean healthy = true;
    private int consecutiveFailures;
    /** Smooth weighted round-robin state; guarded by the pool. */
    int currentWeight;

    public ParentMember(String host, int port, int weight) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("parent host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("parent port must be 1..65535, got " + port);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("parent weight must be at least 1, got " + weight);
        }
        this.endpoint = new UpstreamEndpoint(host, port, true);
        this.weight = weight;
    }

    /**
     * Parses {@code host:port} or {@code host:port;weight=N} ({@code [v6]:port} for IPv6 literals).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static ParentMember parse(String text) {
        String spec = text.trim();
        int weight = 1;
        int semicolon = spec.indexOf(';');
        if (semicolon >= 0) {
            String option = spec.substring(semicolon + 1).trim();
            spec = spec.substring(0, semicolon).trim();
            if (!option.startsWith("weight=")) {
                throw new IllegalArgumentException("unknown parent option '" + option + "' in '" + text
                        + "' (expected weight=N)");
            }
            weight = parseNumber(option.substring("weight=".length()), "weight", text);
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("parent must be host:port, got '" + text + "'");
        }
        String host = spec.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ParentMember(host, parseNumber(spec.substring(colon + 1), "port", text), weight);
    }

    private static int parseNumber(String value, String what, String text) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "' in parent '" + text + "'");
        }
    }

    public UpstreamEndpoint endpoint() {
        return endpoint;
    }

    public int weight() {
        return weight;
    }

    public boolean healthy() {
        return healthy;
    }

    /** host:port, as metrics and logs name the parent. */
    public String label() {
        return endpoint.host() + ":" + endpoint.port();
    }

    synchronized void recordFailure(int threshold) {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            healthy = false;
        }
    }

    synchronized void recordSuccess() {
        consecutiveFailures = 0;
        healthy = true;
    }
}
