package com.aibang.egress.policyservice.engine;

import java.util.Optional;

/** Evaluates a data reference against an input; the embedded interpreter or an external OPA. Thread-safe. */
public interface PolicyEvaluator {

    /** Never throws: a failure comes back as {@link Evaluated#error()} so the caller can fail closed. */
    Evaluated evaluate(String ref, Object input);

    /** Revision currently served, for decisions that fail before evaluation. */
    String currentRevision();

    /** "rego" or "opa", written as decided_by and in the log labels. */
    String engineName();

    /** Whether {@link #evaluate} waits on the network (then Checks run on worker threads, not the event loop). */
    default boolean blocking() {
        return false;
    }

    /** Result (empty = undefined), the revision that produced it, and the error text when it failed. */
    record Evaluated(Optional<Object> result, String revision, String error) {

        public static Evaluated failed(String revision, String error) {
            return new Evaluated(Optional.empty(), revision, error);
        }
    }
}
