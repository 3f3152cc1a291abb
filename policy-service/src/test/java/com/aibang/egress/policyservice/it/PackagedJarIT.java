package com.aibang.egress.policyservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar as an operator would: a broken policy must stop startup; a good one must serve Check. */
class PackagedJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void compileErrorStopsStartupWithThePositionedMessage() throws Exception {
        Files.writeString(dir.resolve("good.rego"), "package good\n\nimport rego.v1\n\nx := 1\n");
        Files.writeString(dir.resolve("broken.rego"), "package broken\n\nimport rego.v1\n\nallow if {\n  input.x ==\n");

        try (PackagedJar app = PackagedJar.start(dir)) {
            int exitCode = app.awaitExit();

            assertNotEquals(0, exitCode, app.outputText());
            assertTrue(app.outputText().contains("does not compile:"), app.outputText());
            assertTrue(app.output().stream().anyMatch(line -> line.matches(".*broken\\.rego:\\d+:\\d+: rego_[a-z_]+_error: .+")),
                    app.outputText());
        }
    }

    @Test
    void servesCheckAndWritesTheDecisionLogToStdoutAsPlainJsonLines() throws Exception {
        try (PackagedJar app = PackagedJar.start(Path.of("../policies").toAbsolutePath().normalize())) {
            app.awaitServing();
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", app.grpcPort).usePlaintext().build();
            CheckResponse response;
            try {
                response = PolicyServiceGrpc.newBlockingStub(channel).check(CheckRequest.newBuilder()
                        .setTier(Tier.TIER_EDGE).setRequestId("it-1")
                        .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api"))
                        .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443))
                        .build());
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            assertTrue(response.getAllow(), response.toString());

            // The line was flushed before the reply; the reader thread may still be catching up.
            String line = awaitLineContaining(app, response.getDecisionId());
            Map<?, ?> entry = JSON.readValue(line, Map.class);
            assertEquals(response.getDecisionId(), entry.get("decision_id"));
            assertEquals("it-1", entry.get("request_id"));
            assertEquals(true, entry.get("allow"));
        }
    }

    private static String awaitLineContaining(PackagedJar app, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PackagedJar.HANG_GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            for (String line : app.output()) {
                if (line.contains(text)) {
                    assertTrue(line.startsWith("{") && line.endsWith("}"), "not a bare JSON line: " + line);
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no output line with " + text + ":\n" + app.outputText());
    }
}
