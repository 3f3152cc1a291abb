package com.aibang.egress.policyservice.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policyservice.engine.PolicyEngine;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc.health.v1.Health over real gRPC (grpc-java Netty on loopback) with a real policy engine: NOT_SERVING until a
 * compiled policy is loaded, SERVING after, NOT_SERVING once shutdown begins; Watch follows every change.
 */
class GrpcHealthServiceTest {

    private static final long GUARD_SECONDS = 60;

    @TempDir
    Path policies;

    private PolicyEngine engine;
    private GrpcHealthService health;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(policies.resolve("egress.rego"), "package egress\n\nimport rego.v1\n\ndecision := {\"allow\": true}\n");
        engine = new PolicyEngine(List.of(policies), "data.egress.decision", Duration.ZERO);
        health = new GrpcHealthService(engine);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
                .addService(health).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(GUARD_SECONDS, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    private ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(GUARD_SECONDS, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    @Test
    void notServingBeforeThePolicyIsLoadedThenServingThenNotServingFromShutdown() {
        assertEquals(ServingStatus.NOT_SERVING, check(GrpcHealthService.SERVICE));
        assertEquals(ServingStatus.NOT_SERVING, check(""));

        engine.current();
        assertEquals(ServingStatus.SERVING, check(GrpcHealthService.SERVICE));
        assertEquals(ServingStatus.SERVING, check(""));

        health.stopping();
        assertEquals(ServingStatus.NOT_SERVING, check(GrpcHealthService.SERVICE));
    }

    @Test
    void servingWithoutALoadedPolicyWhenTheEngineIsExternalOpa() {
        GrpcHealthService opa = new GrpcHealthService(new PolicyEngine(List.of(policies), "data.egress.decision",
                Duration.ZERO, false, false));
        assertEquals(ServingStatus.SERVING, opa.status());
    }

    @Test
    void unknownServiceIsNotFound() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> check("other.Service"));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
    }

    @Test
    void watchGetsEveryChangeAndEndsAtShutdown() {
        Iterator<HealthCheckResponse> updates = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(GUARD_SECONDS, TimeUnit.SECONDS)
                .watch(HealthCheckRequest.newBuilder().setService(GrpcHealthService.SERVICE).build());

        assertEquals(ServingStatus.NOT_SERVING, updates.next().getStatus());
        engine.current();
        assertEquals(ServingStatus.SERVING, updates.next().getStatus());
        health.stopping();
        assertEquals(ServingStatus.NOT_SERVING, updates.next().getStatus());
        assertTrue(!updates.hasNext(), "the stream ends at shutdown");
    }

    @Test
    void watchOfAnUnknownServiceAnswersServiceUnknown() {
        Iterator<HealthCheckResponse> updates = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(GUARD_SECONDS, TimeUnit.SECONDS)
                .watch(HealthCheckRequest.newBuilder().setService("other.Service").build());

        assertEquals(GrpcHealthService.SERVICE_UNKNOWN, updates.next().getStatusValue());
        health.stopping();
        assertTrue(!updates.hasNext(), "the stream ends at shutdown");
    }
}
