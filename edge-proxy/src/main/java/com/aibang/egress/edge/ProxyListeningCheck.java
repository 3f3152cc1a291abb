package com.aibang.egress.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the proxy port is bound. */
@Readiness
@ApplicationScoped
public class ProxyListeningCheck implements HealthCheck {

    @Inject
    EdgeProxy proxy;

    @Override
    public HealthCheckResponse call() {
        var address = proxy.boundAddress();
        return HealthCheckResponse.named("edge-proxy")
                .status(address != null)
                .withData("listen", address == null ? "not bound" : address.getHostString() + ":" + address.getPort())
                .build();
    }
}
