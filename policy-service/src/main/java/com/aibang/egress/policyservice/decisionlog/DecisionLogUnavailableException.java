package com.aibang.egress.policyservice.decisionlog;

/** An entry could not be queued; the decision it records must not be answered. */
public class DecisionLogUnavailableException extends RuntimeException {

    private final boolean full;

    public DecisionLogUnavailableException(boolean full, String message) {
        super(message);
        this.full = full;
    }

    /** true: the queue was full (back-pressure, retry later); false: the log is closed. */
    public boolean full() {
        return full;
    }
}
