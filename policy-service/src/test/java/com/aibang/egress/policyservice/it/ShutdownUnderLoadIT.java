package com.aibang.egress.policyservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogVerifier;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while clients hammer Check: every decision a client got an answer for is in the
 * decision log afterwards, and the log's hash chain is intact.
 */
class ShutdownUnderLoadIT {

    private static final int CLIENTS = 8;
    /** Answers to collect before the signal, so the service is under load when it arrives. */
    private static final int ANSWERS_BEFORE_SIGNAL = 3000;

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadLosesNoAnsweredDecision() throws Exception {
        Path log = dir.resolve("logs/decisions.log");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean signalled = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ANSWERS_BEFORE_SIGNAL);
        PackagedJar app = PackagedJar.start(Path.of("../policies").toAbsolutePath().normalize(),
                "-Dpolicy.decision-log.file=" + log, "-Dpolicy.decision-log.stdout=false");
        ManagedChannel channel = null;
        List<Thread> clients = new ArrayList<>();
        try {
            app.awaitServing();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", app.grpcPort).usePlaintext().build();
            var stub = PolicyServiceGrpc.newBlockingStub(channel);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            answered.add(stub.check(request(client, i)).getDecisionId());
                            enough.countDown();
                        } catch (StatusRuntimeException e) {
                            // Refused or cut off by the shutdown: not answered, so nothing owed to the log.
                            failed.incrementAndGet();
                            if (signalled.get() || app.exited()) {
                                // After SIGTERM a refusal is expected: stop instead of spinning until exit.
                                return;
                            }
                        }
                    }
                }, "client-" + c);
                clients.add(thread);
                thread.start();
            }
            assertTrue(enough.await(PackagedJar.HANG_GUARD_SECONDS, TimeUnit.SECONDS), "service never got under load");

            signalled.set(true);
            app.terminate();
            int exitCode = app.awaitExit();
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and ended because of the signal.
            assertTrue(exitCode == 0 || exitCode == 143, "exit code after SIGTERM: " + exitCode);
            for (Thread thread : clients) {
                thread.join(TimeUnit.SECONDS.toMillis(PackagedJar.HANG_GUARD_SECONDS));
            }
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            app.close();
        }

        ObjectMapper json = new ObjectMapper();
        Set<String> logged = new HashSet<>();
        for (String line : Files.readAllLines(log)) {
            logged.add((String) json.readValue(line, Map.class).get("decision_id"));
        }
        Set<String> missing = new HashSet<>(answered);
        missing.removeAll(logged);
        System.out.printf("shutdown under load: %d answered, %d logged, %d refused/cut off, %d answered but not logged%n",
                answered.size(), logged.size(), failed.get(), missing.size());
        assertTrue(answered.size() >= ANSWERS_BEFORE_SIGNAL);
        assertEquals(Set.of(), missing, "answered decisions missing from the log");
        DecisionLogVerifier.Result chain = DecisionLogVerifier.verify(List.of(log));
        assertTrue(chain.intact(), chain.toString());
        assertTrue(chain.startsFromSeed());
    }

    private static CheckRequest request(int client, int i) {
        return CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId("load-" + client + "-" + i)
                .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api").setServiceAccount("sa-" + client))
                .setDestination(Destination.newBuilder().setHost(i % 2 == 0 ? "login.microsoft.com" : "example.com")
                        .setPort(443).setMethod("CONNECT"))
                .build();
    }
}
