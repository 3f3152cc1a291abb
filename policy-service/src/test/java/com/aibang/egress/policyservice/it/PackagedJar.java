package com.aibang.egress.policyservice.it;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The packaged policy-service (target/quarkus-app/quarkus-run.jar) running as a child process on loopback. */
final class PackagedJar implements AutoCloseable {

    /** Only guards against a hung child; never a performance expectation. */
    static final long HANG_GUARD_SECONDS = 180;

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    final int grpcPort;
    final int httpPort;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PackagedJar(Path policyDir, List<String> extraProperties, boolean deprecatedGrpcNames) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        grpcPort = freePort();
        httpPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpolicy.dir=" + policyDir,
                (deprecatedGrpcNames ? "-Dquarkus.grpc.server.host=" : "-Dpolicy.grpc.host=") + "127.0.0.1",
                (deprecatedGrpcNames ? "-Dquarkus.grpc.server.port=" : "-Dpolicy.grpc.port=") + grpcPort,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort));
        command.addAll(extraProperties);
        command.addAll(List.of("-jar", JAR.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(this::collectOutput, "policy-service-output");
        reader.setDaemon(true);
        reader.start();
    }

    static PackagedJar start(Path policyDir, String... extraProperties) throws IOException {
        return new PackagedJar(policyDir, List.of(extraProperties), false);
    }

    /** Like {@link #start}, with the gRPC address given by the deprecated quarkus.grpc.server.host/port. */
    static PackagedJar startWithDeprecatedGrpcNames(Path policyDir, String... extraProperties) throws IOException {
        return new PackagedJar(policyDir, List.of(extraProperties), true);
    }

    private void collectOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("<output closed: " + e.getMessage() + ">");
        }
    }

    /** Waits for the process to exit on its own and returns its exit code; output is complete afterwards. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("policy-service did not exit; output:\n" + String.join("\n", output));
        }
        reader.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
        return process.exitValue();
    }

    /**
     * Waits until the service answers SERVING on the gRPC health service (its port open and its startup finished:
     * a port that accepts is not yet a started service, whose late startup failure would close it again); fails,
     * with the service's output, if the process exits first.
     */
    void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        ManagedChannel channel = channel();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("policy-service exited with " + process.exitValue() + ":\n" + outputText());
                }
                try {
                    if (health.withDeadlineAfter(1, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                            .getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                        return;
                    }
                } catch (StatusRuntimeException notYet) {
                    // not listening, still starting, or shutting down after a failed start: look again
                }
                Thread.sleep(100);
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        throw new AssertionError("policy-service on gRPC port " + grpcPort + " never answered SERVING:\n" + outputText());
    }

    /** A plaintext gRPC channel to this instance; the caller shuts it down. */
    ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    /** Sends SIGTERM (what Kubernetes sends on pod deletion), without waiting. */
    void terminate() {
        process.destroy();
    }

    boolean exited() {
        return !process.isAlive();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    String outputText() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
