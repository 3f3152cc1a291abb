package com.aibang.egress.policyservice.health;

import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the policy is compiled; reports which bundle revision is being served. */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {

    private final PolicyEngine engine;

    PolicyReadinessCheck(PolicyEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        LoadedPolicy loaded = engine.current();
        return HealthCheckResponse.named("policy")
                .up()
                .withData("directories", loaded.directories().toString())
                .withData("revision", loaded.revision())
                .withData("modules", loaded.moduleCount())
                .withData("data_files", loaded.dataFileCount())
                .build();
    }
}
