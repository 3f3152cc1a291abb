package com.aibang.egress.policyservice.health;

import com.aibang.egress.policyservice.engine.PolicyEngine;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Publishes {@code policy.v1.PolicyService} in the gRPC health service (grpc.health.v1, on the gRPC
 * port): SERVING once a compiled policy is loaded (or the engine is external OPA).
 */
@Singleton
public class GrpcHealthPublisher {

    /** Service name clients pass to grpc.health.v1.Health/Check. */
    public static final String SERVICE = "policy.v1.PolicyService";

    void publish(@Observes StartupEvent event, GrpcHealthStorage health, PolicyEngine engine) {
        boolean serving = !engine.enabled() || engine.loadedOrNull() != null;
        health.setStatus(SERVICE, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
}
