package com.aibang.egress.policyservice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** All policy-service settings under the {@code policy.} prefix. */
@ConfigMapping(prefix = "policy")
public interface PolicyConfig {

    /**
     * Directory with the .rego modules and data.json/data.yaml files, loaded and compiled at
     * startup; several comma-separated directories are layered into one bundle (data deep-merged).
     */
    @WithDefault("policies")
    List<String> dir();

    /**
     * How often the directories are checked for changes (e.g. a ConfigMap update); a changed
     * revision that compiles replaces the policy, one that does not is logged and ignored. 0 = never.
     */
    @WithDefault("0s")
    Duration reloadInterval();

    /** Rego reference evaluated for every Check, e.g. data.egress.decision. */
    @WithDefault("data.egress.decision")
    String decisionPath();

    /** Where decisions are logged. */
    DecisionLog decisionLog();

    /** Decision log settings. */
    interface DecisionLog {
        /** File the JSON lines are appended to (parent directories are created); empty = stdout. */
        Optional<String> file();
    }
}
