package com.aibang.egress.egress;

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
    EgressProxy proxy;

    @Override
    public HealthCheckResponse call() {
        var address = proxy.boundAddress();
        return HealthCheckResponse.named("egress-proxy")
                .status(address != null)
                .withData("listen", address == null ? "not bound" : address.getHostString() + ":" + address.getPort())
                .build();
    }
}
