package com.aibang.egress.policyservice.engine;

/** The policy directory could not be loaded or compiled; the message holds every positioned error. */
public class PolicyLoadException extends RuntimeException {

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
