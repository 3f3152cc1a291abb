package com.aibang.egress.policyservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.policyservice.LoggedDecisions;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service's own gRPC server (policy.grpc.*): bad settings stop the start naming the property, the
 * deprecated quarkus.grpc.server.* names still serve (with one warning), the worker path on two event loops logs
 * before it answers, and SIGTERM ends health Watch streams with NOT_SERVING instead of waiting for them.
 */
class GrpcServerIT {

    private static final Path POLICIES = Path.of("../policies").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static void assertStartRefused(PackagedJar app, String message) throws InterruptedException {
        int exitCode = app.awaitExit();
        assertNotEquals(0, exitCode, app.outputText());
        assertTrue(app.outputText().contains(message), app.outputText());
    }

    @Test
    void eventLoopsOutOfRangeStopsTheStartNamingTheProperty() throws Exception {
        try (PackagedJar app = PackagedJar.start(POLICIES, "-Dpolicy.grpc.event-loops=0")) {
            assertStartRefused(app, "policy.grpc.event-loops must be between 1 and 256, got 0");
        }
    }

    @Test
    void portOutOfRangeStopsTheStartNamingTheProperty() throws Exception {
        try (PackagedJar app = PackagedJar.start(POLICIES, "-Dpolicy.grpc.port=70000")) {
            assertStartRefused(app, "policy.grpc.port must be between 0 and 65535, got 70000");
        }
    }

    @Test
    void portInUseStopsTheStartNamingTheProperties() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                PackagedJar app = PackagedJar.start(POLICIES, "-Dpolicy.grpc.port=" + taken.getLocalPort())) {
            assertStartRefused(app, "cannot listen for gRPC on 127.0.0.1:" + taken.getLocalPort()
                    + " (policy.grpc.host, policy.grpc.port)");
        }
    }

    @Test
    void deprecatedQuarkusNamesStillServeWithOneWarningNamingTheNewProperties() throws Exception {
        try (PackagedJar app = PackagedJar.startWithDeprecatedGrpcNames(POLICIES)) {
            app.awaitServing();
            List<String> warnings = app.output().stream().filter(line -> line.contains("deprecated configuration")).toList();
            assertEquals(1, warnings.size(), app.outputText());
            assertTrue(warnings.get(0).contains("WARN"), warnings.get(0));
            assertTrue(warnings.get(0).contains("set policy.grpc.port instead"), warnings.get(0));
            assertTrue(warnings.get(0).contains("set policy.grpc.host instead"), warnings.get(0));
        }
    }

    @Test
    void workerPathOnTwoEventLoopsWritesTheLogLineBeforeTheReply() throws Exception {
        Path log = dir.resolve("decisions.log");
        try (PackagedJar app = PackagedJar.start(POLICIES, "-Dpolicy.evaluate-on=worker", "-Dpolicy.grpc.event-loops=2",
                "-Dpolicy.decision-log.file=" + log, "-Dpolicy.decision-log.stdout=false")) {
            app.awaitServing();
            ManagedChannel channel = app.channel();
            try {
                var stub = PolicyServiceGrpc.newBlockingStub(channel);
                for (int i = 0; i < 20; i++) {
                    CheckResponse response = stub.check(CheckRequest.newBuilder().setTier(Tier.TIER_EDGE)
                            .setRequestId("worker-" + i)
                            .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api"))
                            .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443))
                            .build());
                    // Read once, no waiting: with wait-for-write the line is flushed before the reply is sent.
                    assertTrue(LoggedDecisions.read(log).stream()
                            .anyMatch(entry -> response.getDecisionId().equals(entry.get("decision_id"))),
                            "decision " + response.getDecisionId() + " answered before it was logged");
                }
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            assertTrue(app.outputText().contains("answering Check on the worker pool"), app.outputText());
            assertTrue(app.outputText().contains("2 event loops"), app.outputText());
        }
    }

    @Test
    void sigtermEndsHealthWatchStreamsWithNotServing() throws Exception {
        // A shutdown timeout far beyond the hang guard: a Watch stream that held up the shutdown would fail awaitExit.
        try (PackagedJar app = PackagedJar.start(POLICIES, "-Dpolicy.grpc.shutdown-timeout=1h")) {
            app.awaitServing();
            ManagedChannel channel = app.channel();
            try {
                Iterator<HealthCheckResponse> updates = HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(PackagedJar.HANG_GUARD_SECONDS, TimeUnit.SECONDS)
                        .watch(HealthCheckRequest.newBuilder().setService("policy.v1.PolicyService").build());
                assertEquals(ServingStatus.SERVING, updates.next().getStatus());

                app.terminate();
                assertEquals(ServingStatus.NOT_SERVING, updates.next().getStatus());
                assertFalse(updates.hasNext(), "the Watch stream ends");
                int exitCode = app.awaitExit();
                assertTrue(exitCode == 0 || exitCode == 143, "exit code after SIGTERM: " + exitCode);
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
