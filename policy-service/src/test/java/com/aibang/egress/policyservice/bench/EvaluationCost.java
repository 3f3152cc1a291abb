package com.aibang.egress.policyservice.bench;

import com.aibang.egress.policyservice.engine.LoadedPolicy;
import com.aibang.egress.policyservice.engine.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Single-thread cost of one evaluation of the decision and of the mask policy with the sample
 * policy, without gRPC or logging, to tell interpreter time from service overhead.
 *
 * <pre>java -cp ... EvaluationCost [policyDir=policies] [seconds=10]</pre>
 */
public final class EvaluationCost {

    private EvaluationCost() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "policies");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        LoadedPolicy loaded = PolicyLoader.load(List.of(dir));
        Map<String, Object> input = Map.of("tier", "edge", "request_id", "cost",
                "source", Map.of("ip", "127.0.0.2", "namespace", "api", "service_account", "api"),
                "destination", Map.of("host", "login.microsoft.com", "port", 443, "method", "CONNECT"),
                "rate", Map.of("source_per_minute", 5, "source_destination_per_minute", 5));
        Map<String, Object> maskInput = Map.of("input", input);
        measure("warm-up decision", seconds, () -> loaded.policy().evaluate("data.egress.decision", input));
        measure("data.egress.decision", seconds, () -> loaded.policy().evaluate("data.egress.decision", input));
        measure("data.system.log.mask", seconds, () -> loaded.policy().evaluate("data.system.log.mask", maskInput));
    }

    private static void measure(String what, int seconds, Runnable evaluation) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            evaluation.run();
            count++;
        }
        double micros = (System.nanoTime() - started) / 1e3 / count;
        System.out.printf("%-22s %10d evaluations, %8.1f us each, %8.0f/s on one thread%n", what, count, micros,
                1e6 / micros);
    }
}
