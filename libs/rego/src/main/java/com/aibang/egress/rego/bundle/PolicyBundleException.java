package com.aibang.egress.rego.bundle;

/** Thrown when a policy directory cannot be loaded; the message names the offending file(s). */
public class PolicyBundleException extends RuntimeException {

    public PolicyBundleException(String message) {
        super(message);
    }

    public PolicyBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
