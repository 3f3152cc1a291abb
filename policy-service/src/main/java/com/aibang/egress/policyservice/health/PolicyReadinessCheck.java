package com.aibang.egress.policyservice.health;

import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while a compiled policy is serving; reports its revision and, when the latest change
 * failed to compile, that error (the previous revision keeps serving, so the check stays up).
 */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {

    private final PolicyEngine engine;
    private final PolicyConfig config;

    PolicyReadinessCheck(PolicyEngine engine, PolicyConfig config) {
        this.engine = engine;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("policy");
        if (!engine.enabled()) {
            return response.up().withData("engine", "opa")
                    .withData("url", config.opa().url().orElse("")).build();
        }
        LoadedPolicy loaded = engine.loadedOrNull();
        if (loaded == null) {
            return response.down().withData("error", "no compiled policy loaded").build();
        }
        response.up()
                .withData("engine", "rego")
                .withData("directories", loaded.directories().toString())
                .withData("revision", loaded.revision())
                .withData("modules", loaded.moduleCount())
                .withData("data_files", loaded.dataFileCount())
                .withData("reloads", engine.reloads())
                .withData("reload_failures", engine.reloadFailures());
        String error = engine.lastReloadError();
        if (error != null) {
            response.withData("last_reload_error", error);
        }
        return response.build();
    }
}
