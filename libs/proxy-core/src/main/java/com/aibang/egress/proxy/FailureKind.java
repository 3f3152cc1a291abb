package com.aibang.egress.proxy;

/** Why a request or tunnel could not be served; {@link Refusals} maps each to an HTTP status. */
public enum FailureKind {
    /** The request could not be understood or its target cannot be normalised. */
    MALFORMED,
    /** The policy said no. */
    DENIED,
    /** No policy decision could be obtained; we fail closed. */
    NO_DECISION,
    /** Destination or parent unreachable, or its name does not resolve. */
    UNREACHABLE,
    /** Destination or parent did not answer in time. */
    TIMEOUT,
    /** The request line is longer than the configured limit. */
    REQUEST_LINE_TOO_LONG,
    /** The request headers are too large or too many. */
    HEADERS_TOO_LARGE,
    /** The request head did not arrive in time (slowloris). */
    HEADER_TIMEOUT,
    /** The caller already holds too many connections. */
    TOO_MANY_CONNECTIONS,
    /** The caller presented proxy credentials that are not valid. */
    PROXY_AUTH_FAILED
}
