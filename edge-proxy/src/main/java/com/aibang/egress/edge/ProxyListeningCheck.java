package com.aibang.egress.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the proxy port is bound and accepting (not once shutdown began). */
@Readiness
@ApplicationScoped
public class ProxyListeningCheck implements HealthCheck {

    @Inject
    EdgeProxy proxy;

    @Override
    public HealthCheckResponse call() {
        var address = proxy.boundAddress();
        boolean accepting = proxy.server() != null && proxy.server().accepting();
        return HealthCheckResponse.named("edge-proxy")
                .status(accepting)
                .withData("listen", address == null ? "not bound" : address.getHostString() + ":" + address.getPort())
                .build();
    }
}
