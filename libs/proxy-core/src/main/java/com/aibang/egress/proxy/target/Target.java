package com.aibang.egress.proxy.target;

/**
 * A normalised destination: host (lower-case ASCII/punycode name or canonical IP literal) and port.
 *
 * @param host normalised host name or canonical IP literal, IPv6 without brackets
 * @param port 1..65535
 * @param pathAndQuery origin-form path and query of a plain request, {@code "/"} when absent; empty for CONNECT
 */
public record Target(String host, int port, String pathAndQuery) {

    /** {@code host:port}, IPv6 literals in brackets, as used in CONNECT lines and logs. */
    public String authority() {
        return hostForUri() + ":" + port;
    }

    /** Host header value for a plain request: the port is left out when it is the http default. */
    public String hostHeader() {
        return port == 80 ? hostForUri() : authority();
    }

    /** The path without the query, as the policy sees it. */
    public String path() {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    /** Absolute-form URI for forwarding a plain request to a parent proxy. */
    public String absoluteUri() {
        return "http://" + hostHeader() + pathAndQuery;
    }

    private String hostForUri() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
