package com.aibang.egress.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive once the engine started; stays alive while draining so the pod is not killed mid-drain. */
@Liveness
@ApplicationScoped
public class EngineLivenessCheck implements HealthCheck {

    @Inject
    EdgeProxy proxy;

    @Override
    public HealthCheckResponse call() {
        var server = proxy.server();
        return HealthCheckResponse.named("edge-proxy-engine").status(server != null)
                .withData("open-connections", server == null ? 0 : server.openConnections())
                .build();
    }
}
