package com.aibang.egress.proxy.upstream;

/**
 * Where a TCP connection is opened: the destination itself or a parent proxy.
 *
 * @param host host name or IP literal
 * @param port TCP port
 * @param parent true when this is a parent proxy
 */
public record UpstreamEndpoint(String host, int port, boolean parent) {

    /** How errors name this endpoint, e.g. {@code parent proxy 10.0.0.1:3128}. */
    public String describe() {
        return (parent ? "parent proxy " : "destination ") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
