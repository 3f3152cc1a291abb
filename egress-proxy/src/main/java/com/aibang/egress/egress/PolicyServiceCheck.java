package com.aibang.egress.egress;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the policy-service is reachable (without it every request would be refused with 503). */
@Readiness
@ApplicationScoped
public class PolicyServiceCheck implements HealthCheck {

    @Inject
    EgressProxy proxy;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = proxy.gate() != null && proxy.gate().reachable();
        return HealthCheckResponse.named("policy-service").status(reachable).build();
    }
}
