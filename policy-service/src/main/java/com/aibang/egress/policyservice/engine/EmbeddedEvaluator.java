package com.aibang.egress.policyservice.engine;

import com.aibang.egress.rego.EvalLimits;
import com.aibang.egress.rego.EvalOptions;
import com.aibang.egress.rego.RegoException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Evaluates with the embedded Rego interpreter on whatever revision is current at call time. */
public final class EmbeddedEvaluator implements PolicyEvaluator {

    public static final String NAME = "rego";

    private final Supplier<LoadedPolicy> policy;
    private final EvalOptions options;

    public EmbeddedEvaluator(Supplier<LoadedPolicy> policy) {
        this(policy, EvalLimits.NONE);
    }

    public EmbeddedEvaluator(Supplier<LoadedPolicy> policy, EvalLimits limits) {
        this.policy = policy;
        this.options = new EvalOptions(false, limits);
    }

    /** Limits for a per-evaluation time budget; zero or negative means none. */
    public static EvalLimits limits(Duration timeout) {
        return timeout.isZero() || timeout.isNegative() ? EvalLimits.NONE : new EvalLimits(timeout, 0);
    }

    @Override
    public Evaluated evaluate(String ref, Object input) {
        LoadedPolicy loaded = policy.get();
        try {
            Optional<Object> result = loaded.policy().evaluate(ref, input, options);
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
