package com.aibang.egress.edge;

import com.aibang.egress.proxy.upstream.ParentMember;
import com.aibang.egress.proxy.upstream.ParentPool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while at least one parent (or the direct route) can take traffic; lists each parent's state. */
@Readiness
@ApplicationScoped
public class ParentsCheck implements HealthCheck {

    @Inject
    EdgeProxy proxy;

    @Override
    public HealthCheckResponse call() {
        var routes = proxy.routes();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("parents")
                .status(routes != null && routes.canForward());
        if (routes != null) {
            for (ParentPool pool : routes.pools()) {
                for (ParentMember member : pool.members()) {
                    response.withData(pool.name() + "/" + member.label(), member.healthy() ? "up" : "down");
                }
            }
        }
        return response.build();
    }
}
