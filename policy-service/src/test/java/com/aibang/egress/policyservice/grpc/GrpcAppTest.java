package com.aibang.egress.policyservice.grpc;

import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the @QuarkusTest gRPC tests share (with {@link GrpcTestResource}): the app's gRPC port and decision
 * log file, and a real grpc-java channel and blocking stub to it per test.
 */
abstract class GrpcAppTest {

    @ConfigProperty(name = "policy.grpc.port")
    int grpcPort;

    @ConfigProperty(name = "policy.decision-log.file")
    String decisionLog;

    ManagedChannel channel;
    PolicyServiceGrpc.PolicyServiceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        stub = PolicyServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
