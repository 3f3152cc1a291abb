package com.aibang.egress.policyservice.grpc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the test app a free loopback gRPC port and a decision log file in a fresh temp directory, removed again
 * (with whatever the log rotated) when the app has stopped.
 */
public class GrpcTestResource implements QuarkusTestResourceLifecycleManager {

    private Path logRoot;

    @Override
    public Map<String, String> start() {
        int grpcPort;
        Path decisionLog;
        try {
            grpcPort = freeLoopbackPort();
            logRoot = Files.createTempDirectory("policy-service-test");
            decisionLog = logRoot.resolve("logs/decisions.log");
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
        try (Stream<Path> paths = Files.walk(logRoot)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
