package com.aibang.egress.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The whole product started from its packaged jars: policy-service, egress-proxy (tier 2) and edge-proxy (tier 1). */
public final class Chain implements AutoCloseable {
    public final int grpcPort = FreePorts.next();
    public final int egressPort = FreePorts.next();
    public final int edgePort = FreePorts.next();
    public final Path decisionLog;

    private final Path repoRoot;
    private final Path work;
    private AppProcess policyService;
    private AppProcess egress;
    private AppProcess edge;

    public Chain(Path repoRoot, Path work) {
        this.repoRoot = repoRoot;
        this.work = work;
        this.decisionLog = work.resolve("decisions.log");
    }

    /** Copies the real policy logic from policies/ and puts the test's own allowlist data next to it. */
    public Path preparePolicies(String allowlistYaml) throws IOException {
        Path source = repoRoot.resolve("policies");
        Path target = work.resolve("policies");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".rego")).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        Path data = target.resolve("allowlists/data.yaml");
        Files.createDirectories(data.getParent());
        Files.writeString(data, allowlistYaml);
        return target;
    }

    public void start(Path policies, Path hostsFile, Map<String, String> identities) throws IOException, InterruptedException {
        Path logs = repoRoot.resolve("e2e-tests/target/e2e-logs");
        Map<String, String> policy = new LinkedHashMap<>();
        policy.put("policy.dir", policies.toString());
        policy.put("policy.decision-log.file", decisionLog.toString());
        policy.put("quarkus.grpc.server.port", String.valueOf(grpcPort));
        policy.put("quarkus.grpc.server.host", "127.0.0.1");
        policy.put("quarkus.http.port", String.valueOf(FreePorts.next()));
        policy.put("quarkus.http.host", "127.0.0.1");
        policyService = AppProcess.start(repoRoot, "policy-service", policy, logs, grpcPort);

        Map<String, String> tier2 = new LinkedHashMap<>();
        tier2.put("egress.listen.host", "127.0.0.1");
        tier2.put("egress.listen.port", String.valueOf(egressPort));
        tier2.put("egress.hosts-file", hostsFile.toString());
        // CI machines are busy while the build runs: give the first (cold) policy checks room.
        tier2.put("egress.policy.deadline", "3s");
        tier2.putAll(policyClient());
        egress = AppProcess.start(repoRoot, "egress-proxy", tier2, logs, egressPort);

        Map<String, String> tier1 = new LinkedHashMap<>();
        tier1.put("edge.listen.host", "127.0.0.1");
        tier1.put("edge.listen.port", String.valueOf(edgePort));
        tier1.put("edge.parent.host", "127.0.0.1");
        tier1.put("edge.parent.port", String.valueOf(egressPort));
        tier1.put("edge.policy.deadline", "3s");
        tier1.put("edge.shutdown.drain-timeout", "2s");
        tier1.putAll(identities);
        tier1.putAll(policyClient());
        edge = AppProcess.start(repoRoot, "edge-proxy", tier1, logs, edgePort);
    }

    private Map<String, String> policyClient() {
        Map<String, String> client = new LinkedHashMap<>();
        client.put("quarkus.grpc.clients.policy.host", "127.0.0.1");
        client.put("quarkus.grpc.clients.policy.port", String.valueOf(grpcPort));
        client.put("quarkus.http.port", String.valueOf(FreePorts.next()));
        client.put("quarkus.http.host", "127.0.0.1");
        return client;
    }

    /** Stops only the policy-service, to show that both proxies then fail closed. */
    void stopPolicyService() throws InterruptedException {
        policyService.close();
    }

    @Override
    public void close() throws InterruptedException {
        for (AppProcess app : List.of(edge, egress, policyService).stream().filter(a -> a != null).toList()) {
            app.close();
        }
    }
}
