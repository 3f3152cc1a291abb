package com.aibang.egress.policyservice.health;

import com.aibang.egress.policyservice.engine.PolicyEngine;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * grpc.health.v1.Health on the gRPC port (what gRPC-aware load balancers and probes ask): {@value #SERVICE} and the
 * server as a whole ("") are SERVING while a compiled policy serves (always with policy.engine=opa), NOT_SERVING
 * before the first policy is loaded and from the moment shutdown begins; other names are NOT_FOUND (Check) or
 * SERVICE_UNKNOWN (Watch). Watch streams get every change and end at shutdown, so they never hold it up.
 */
@Singleton
public class GrpcHealthService extends HealthGrpc.HealthImplBase {

    /** Service name clients pass to grpc.health.v1.Health/Check. */
    public static final String SERVICE = "policy.v1.PolicyService";

    /**
     * grpc.health.v1's SERVICE_UNKNOWN (Watch of a name this server does not serve), missing from the older copy of the
     * proto the stubs were generated from; proto3 enums carry any number, so clients with today's proto read it.
     */
    static final int SERVICE_UNKNOWN = 3;

    private final PolicyEngine engine;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    GrpcHealthService(PolicyEngine engine) {
        this.engine = engine;
        engine.onRevision(loaded -> publish());
    }

    /** The status of {@value #SERVICE} (and of the server) now. */
    public ServingStatus status() {
        if (stopping) {
            return ServingStatus.NOT_SERVING;
        }
        return engine.canDecide() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    }

    /** Shutdown began: NOT_SERVING from now on; open Watch streams get it and end. */
    public void stopping() {
        stopping = true;
        for (Watcher watcher : watchers) {
            watcher.send(watcher.status());
            watcher.end();
        }
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> reply) {
        if (!known(request.getService())) {
            reply.onError(Status.NOT_FOUND.withDescription("unknown service " + request.getService()).asRuntimeException());
            return;
        }
        reply.onNext(HealthCheckResponse.newBuilder().setStatus(status()).build());
        reply.onCompleted();
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> reply) {
        Watcher watcher = new Watcher(known(request.getService()), reply);
        if (reply instanceof ServerCallStreamObserver<HealthCheckResponse> call) {
            call.setOnCancelHandler(() -> watchers.remove(watcher));
        }
        watchers.add(watcher);
        watcher.send(watcher.status());
        if (stopping) {
            watcher.end();
        }
    }

    private void publish() {
        for (Watcher watcher : watchers) {
            watcher.send(watcher.status());
        }
    }

    private static boolean known(String service) {
        return service.isEmpty() || SERVICE.equals(service);
    }

    /** One Watch stream: sends a status only when it differs from the last one sent. */
    private final class Watcher {
        private final boolean known;
        private final StreamObserver<HealthCheckResponse> stream;
        /** The status value last sent, -1 before the first. */
        private int sent = -1;
        private boolean ended;

        Watcher(boolean known, StreamObserver<HealthCheckResponse> stream) {
            this.known = known;
            this.stream = stream;
        }

        int status() {
            return known ? GrpcHealthService.this.status().getNumber() : SERVICE_UNKNOWN;
        }

        synchronized void send(int status) {
            if (ended || status == sent) {
                return;
            }
            sent = status;
            stream.onNext(HealthCheckResponse.newBuilder().setStatusValue(status).build());
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                watchers.remove(this);
                stream.onCompleted();
            }
        }
    }
}
