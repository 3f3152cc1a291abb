package com.aibang.egress.policyservice.engine;

import com.aibang.egress.rego.RegoException;
import java.util.Optional;
import java.util.function.Supplier;

/** Evaluates with the embedded Rego interpreter on whatever revision is current at call time. */
public final class EmbeddedEvaluator implements PolicyEvaluator {

    public static final String NAME = "rego";

    private final Supplier<LoadedPolicy> policy;

    public EmbeddedEvaluator(Supplier<LoadedPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public Evaluated evaluate(String ref, Object input) {
        LoadedPolicy loaded = policy.get();
        try {
            Optional<Object> result = loaded.policy().evaluate(ref, input);
            return new Evaluated(result, loaded.shortRevision(), null);
        } catch (RegoException e) {
            return Evaluated.failed(loaded.shortRevision(), e.getMessage());
        } catch (RuntimeException e) {
            // Any failure inside the interpreter, not only RegoException, must end in a deny.
            return Evaluated.failed(loaded.shortRevision(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public String currentRevision() {
        return policy.get().shortRevision();
    }

    @Override
    public String engineName() {
        return NAME;
    }
}
