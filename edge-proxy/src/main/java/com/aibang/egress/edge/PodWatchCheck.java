package com.aibang.egress.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** With the pod watch on, not ready until its first list completed (callers would be unknown before). */
@Readiness
@ApplicationScoped
public class PodWatchCheck implements HealthCheck {

    @Inject
    EdgeProxy proxy;

    @Override
    public HealthCheckResponse call() {
        var watch = proxy.podWatch();
        if (watch == null) {
            return HealthCheckResponse.named("pod-watch").up().withData("enabled", false).build();
        }
        return HealthCheckResponse.named("pod-watch").status(watch.synced()).withData("enabled", true)
                .withData("pods", watch.index().size()).build();
    }
}
