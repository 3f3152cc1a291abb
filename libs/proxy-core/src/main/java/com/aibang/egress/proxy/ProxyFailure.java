package com.aibang.egress.proxy;

/** A refusal on its way to the client; carries the kind, the reason and a policy-chosen status. */
public final class ProxyFailure extends Exception {

    private final FailureKind kind;
    private final int policyStatus;
    private final int retryAfterSeconds;

    public ProxyFailure(FailureKind kind, String reason) {
        this(kind, reason, 0, 0, null);
    }

    public ProxyFailure(FailureKind kind, String reason, Throwable cause) {
        this(kind, reason, 0, 0, cause);
    }

    private ProxyFailure(FailureKind kind, String reason, int policyStatus, int retryAfterSeconds, Throwable cause) {
        super(reason, cause, false, false);
        this.kind = kind;
        this.policyStatus = policyStatus;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A policy denial; status 0 means the default (403). */
    public static ProxyFailure denied(String reason, int policyStatus, int retryAfterSeconds) {
        return new ProxyFailure(FailureKind.DENIED, reason, policyStatus, retryAfterSeconds, null);
    }

    /** The failure inside a completed future's error; anything unexpected counts as an unreachable upstream. */
    public static ProxyFailure from(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ProxyFailure failure) {
            return failure;
        }
        return new ProxyFailure(FailureKind.UNREACHABLE, "upstream failure: " + cause, cause);
    }

    /** Strips the CompletionException wrappers futures add. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public FailureKind kind() {
        return kind;
    }

    public String reason() {
        return getMessage();
    }

    /** HTTP status the policy asked for when denying, 0 when it said nothing. */
    public int policyStatus() {
        return policyStatus;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
