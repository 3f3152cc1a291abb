package com.aibang.egress.policyservice.health;

import com.aibang.egress.policyservice.grpc.PolicyGrpcServer;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the gRPC server listens and every service on it serves: the "gRPC Server" check of /q/health/ready, with
 * one boolean per service as the Quarkus gRPC server reported it before this service ran its own server.
 */
@Readiness
@ApplicationScoped
public class GrpcServerReadinessCheck implements HealthCheck {

    private static final String NAME = "gRPC Server";

    private final PolicyGrpcServer server;
    private final GrpcHealthService health;

    GrpcServerReadinessCheck(PolicyGrpcServer server, GrpcHealthService health) {
        this.server = server;
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        boolean listening = server.listening();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        boolean all = listening;
        List<String> services = server.services();
        for (String service : services) {
            boolean serving = listening && (!service.equals(GrpcHealthService.SERVICE)
                    || health.status() == ServingStatus.SERVING);
            response.withData(service, serving);
            all &= serving;
        }
        return response.status(all && !services.isEmpty()).build();
    }
}
