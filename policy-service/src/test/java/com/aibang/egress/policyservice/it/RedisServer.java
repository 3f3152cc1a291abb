package com.aibang.egress.policyservice.it;

import com.aibang.egress.policyservice.rate.RateLimitTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A real redis-server on a free loopback port, without persistence; the test skips when it is not installed. */
final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of(System.getenv().getOrDefault("REDIS_SERVER", "/usr/bin/redis-server"));

    final int port;
    private final Process process;

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static RedisServer start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                BINARY + " not found: install it (apt-get install redis-server) or set REDIS_SERVER to run this test");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RedisServer server = new RedisServer(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PackagedJar.HANG_GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new AssertionError("redis-server never listened on " + port);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * The packaged service counting in this server ({@code policy.rate.store=redis}), serving ../policies with
     * {@link RateLimitTest#limitsOverlay} (written under {@code dir}) on top; returns once it answers SERVING.
     */
    PackagedJar startService(Path dir, String... extraProperties) throws IOException, InterruptedException {
        String policyDirs = Path.of("../policies").toAbsolutePath().normalize() + "," + RateLimitTest.limitsOverlay(dir);
        List<String> properties = new ArrayList<>(List.of("-Dpolicy.rate.store=redis", "-Dquarkus.redis.hosts=" + url()));
        properties.addAll(List.of(extraProperties));
        PackagedJar service = PackagedJar.start(Path.of(policyDirs), properties.toArray(String[]::new));
        try {
            service.awaitServing();
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** Stops the server; safe to call more than once. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
