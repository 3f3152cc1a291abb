package com.aibang.egress.policyservice.grpc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Gives the test app a free loopback gRPC port and a decision log file in a fresh temp directory. */
public class GrpcTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int grpcPort;
        Path decisionLog;
        try {
            grpcPort = freeLoopbackPort();
            decisionLog = Files.createTempDirectory("policy-service-test").resolve("logs/decisions.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "policy.grpc.host", "127.0.0.1",
                "policy.grpc.port", String.valueOf(grpcPort),
                "quarkus.http.host", "127.0.0.1",
                "policy.decision-log.file", decisionLog.toString());
    }

    @Override
    public void stop() {
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
