package com.aibang.egress.policyservice.bench;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policyservice.decision.DecisionService;
import com.aibang.egress.policyservice.decision.RecentDecisions;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.EmbeddedEvaluator;
import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyLoader;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import com.aibang.egress.policyservice.rate.InMemoryRateStore;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CPU and allocation per Check inside the service without gRPC: {@link DecisionService#checkAsync}
 * as the event loop calls it (input, rate, decision, mask, metrics, hand-off; request parsed from
 * and response serialised to protobuf bytes), and the decision log writer thread's share (render,
 * JSON, hash chain, write), with the production settings (eval timeout, wait-for-write, Prometheus
 * registry, file log). Thread CPU time, so other load on the machine distorts it little.
 *
 * <pre>java -cp ... CheckCost [policyDir=policies] [seconds=10] [logFile=(temp)]</pre>
 */
public final class CheckCost {

    private static final int PIPELINE = 32;

    private CheckCost() {
    }

    @SuppressWarnings("deprecation") // the simpleclient Prometheus registry is the one Quarkus 3.33 wires
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "policies");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path log = args.length > 2 ? Path.of(args[2]) : Files.createTempFile("check-cost", ".log");
        LoadedPolicy loaded = PolicyLoader.load(List.of(dir));
        DecisionLogQueue queue = new DecisionLogQueue(DecisionLogWriter.toFile(log), 10_000, Duration.ofSeconds(1),
                true);
        DecisionService service = new DecisionService(
                new EmbeddedEvaluator(() -> loaded, EmbeddedEvaluator.limits(Duration.ofMillis(250))),
                "data.egress.decision", "data.system.log.mask", queue, new InMemoryRateStore(),
                new DecisionMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                Map.of("service", "policy-service"), new RecentDecisions(1000));
        byte[][] requests = CheckLoadClient.requestBytes();
        run(service, requests, Math.max(seconds / 2, 1), "warm-up");
        run(service, requests, seconds, "measured");
        queue.close();
        Files.deleteIfExists(log);
    }

    private static void run(DecisionService service, byte[][] requests, int seconds, String label) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long writerId = writerThreadId();
        long callerCpu = threads.getCurrentThreadCpuTime();
        long callerBytes = threads.getCurrentThreadAllocatedBytes();
        long writerCpu = threads.getThreadCpuTime(writerId);
        long writerBytes = threads.getThreadAllocatedBytes(writerId);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long checks = 0;
        while (System.nanoTime() < end) {
            CompletableFuture<?> last = null;
            for (int i = 0; i < PIPELINE; i++) {
                CheckRequest request = CheckRequest.parseFrom(requests[(int) (checks++ % requests.length)]);
                last = service.checkAsync(request).thenApply(CheckResponse::toByteArray).toCompletableFuture();
            }
            last.join();
        }
        System.out.printf("%s: %d checks; per check: caller %.1f us CPU, %d bytes allocated; log writer %.1f us CPU,"
                        + " %d bytes allocated%n", label, checks,
                (threads.getCurrentThreadCpuTime() - callerCpu) / 1e3 / checks,
                (threads.getCurrentThreadAllocatedBytes() - callerBytes) / checks,
                (threads.getThreadCpuTime(writerId) - writerCpu) / 1e3 / checks,
                (threads.getThreadAllocatedBytes(writerId) - writerBytes) / checks);
    }

    private static long writerThreadId() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("decision-log-writer")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no decision-log-writer thread")).getId();
    }
}
