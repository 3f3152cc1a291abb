package com.aibang.egress.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The whole product started from its packaged jars: policy-service, egress-proxy (tier 2) and edge-proxy (tier 1). */
public final class Chain implements AutoCloseable {
    /** Ports this chain handed out; the kernel may offer a port again until someone binds it, so each is taken once. */
    public final int grpcPort = freePort();
    public final int egressPort = freePort();
    public final int edgePort = freePort();
    public final Path decisionLog;

    private final Path repoRoot;
    private final Path work;
    private AppProcess policyService;
    private AppProcess egress;
    private AppProcess edge;
    private final Map<String, String> policyProperties = new LinkedHashMap<>();
    private final Map<String, String> edgeOverrides = new LinkedHashMap<>();
    private final Map<String, String> egressOverrides = new LinkedHashMap<>();
    /** Extra policy data files (path below policies/) written by {@link #preparePolicies}. */
    private final Map<String, String> policyData = new LinkedHashMap<>();
    /** Quarkus HTTP port (health, metrics) of each app started, by its process name. */
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

    public Chain(Path repoRoot, Path work) {
        this.repoRoot = repoRoot;
        this.work = work;
        this.decisionLog = work.resolve("decisions.log");
    }

    /** The repository checkout: system property {@code e2e.repo.root} (the pom sets it), else the parent folder. */
    public static Path repoRoot() {
        return Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** A free loopback port distinct from every other port handed out in this JVM. */
    public int freePort() {
        return FreePorts.next();
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
        Map<String, String> data = new LinkedHashMap<>(policyData);
        data.put("allowlists/data.yaml", allowlistYaml);
        for (Map.Entry<String, String> file : data.entrySet()) {
            Path copy = target.resolve(file.getKey());
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, file.getValue());
        }
        return target;
    }

    /** Adds a policy data file (path below policies/, e.g. {@code limits/data.yaml}) for the next {@link #preparePolicies}. */
    public Chain policyData(String file, String yaml) {
        policyData.put(file, yaml);
        return this;
    }

    /** Writes the hosts file tier 2 resolves with: every one of {@code names} to 127.0.0.1, where the test upstreams listen. */
    public Path loopbackHosts(String... names) throws IOException {
        Path hosts = work.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 " + String.join(" ", names) + "\n");
        return hosts;
    }

    /** Tier-1 identities: callers in these CIDRs (e.g. {@code 127.0.0.1/32}) are pods of namespace "api", service account "api". */
    public static Map<String, String> apiPods(String... cidrs) {
        Map<String, String> identities = new LinkedHashMap<>();
        for (String cidr : cidrs) {
            identities.put("edge.identities.\"" + cidr + "\".namespace", "api");
            identities.put("edge.identities.\"" + cidr + "\".service-account", "api");
        }
        return identities;
    }

    /**
     * Starts all three apps the way most tests use them: tier 2 resolves {@code names} to 127.0.0.1, the real policies
     * decide with {@code allowlist} (plus any {@link #policyData}), and the callers in {@code podCidrs} are pods of
     * namespace "api".
     */
    public void startForApiPods(Allowlist allowlist, List<String> names, String... podCidrs)
            throws IOException, InterruptedException {
        start(preparePolicies(allowlist.yaml()), loopbackHosts(names.toArray(String[]::new)), apiPods(podCidrs));
    }

    public void start(Path policies, Path hostsFile, Map<String, String> identities) throws IOException, InterruptedException {
        startPolicyService(policies);
        startEgress(hostsFile);
        startEdge(identities);
    }

    /** Overrides or adds an edge-proxy property for the next {@link #startEdge}; tests tune limits and parents this way. */
    public Chain edgeProperty(String key, String value) {
        edgeOverrides.put(key, value);
        return this;
    }

    /** Overrides or adds an egress-proxy property for the next {@link #startEgress} calls. */
    public Chain egressProperty(String key, String value) {
        egressOverrides.put(key, value);
        return this;
    }

    public void startPolicyService(Path policies) throws IOException, InterruptedException {
        policyProperties.put("policy.dir", policies.toString());
        policyProperties.put("policy.decision-log.file", decisionLog.toString());
        policyProperties.put("policy.grpc.port", String.valueOf(grpcPort));
        policyProperties.put("policy.grpc.host", "127.0.0.1");
        policyProperties.put("quarkus.http.port", String.valueOf(httpPort("policy-service")));
        policyProperties.put("quarkus.http.host", "127.0.0.1");
        policyService = AppProcess.start(repoRoot, "policy-service", policyProperties, logs(), grpcPort);
    }

    /** Starts tier 2 on {@link #egressPort}. */
    public void startEgress(Path hostsFile) throws IOException, InterruptedException {
        egress = startEgress("egress-proxy", egressPort, hostsFile);
    }

    /** Starts one more tier-2 instance (logging to {@code <name>.log}); the caller owns and closes it. */
    public AppProcess startEgress(String name, int port, Path hostsFile) throws IOException, InterruptedException {
        Map<String, String> tier2 = new LinkedHashMap<>();
        tier2.put("egress.listen.host", "127.0.0.1");
        tier2.put("egress.listen.port", String.valueOf(port));
        tier2.put("egress.hosts-file", hostsFile.toString());
        // CI machines are busy while the build runs: give the first (cold) policy checks room.
        tier2.put("egress.policy.deadline", "3s");
        // Production accepts only tier-1 ranges (10.0.0.0/8); here every identity is a loopback address.
        tier2.put("egress.allowed-source-cidrs", "127.0.0.0/8,::1/128");
        tier2.putAll(policyClient(name));
        tier2.putAll(egressOverrides);
        return AppProcess.start(repoRoot, "egress-proxy", name, tier2, logs(), port);
    }

    /** Starts tier 1 on {@link #edgePort} with {@link #egressPort} as its parent unless overridden. */
    public void startEdge(Map<String, String> identities) throws IOException, InterruptedException {
        Map<String, String> tier1 = new LinkedHashMap<>();
        tier1.put("edge.listen.host", "127.0.0.1");
        tier1.put("edge.listen.port", String.valueOf(edgePort));
        tier1.put("edge.parent.host", "127.0.0.1");
        tier1.put("edge.parent.port", String.valueOf(egressPort));
        tier1.put("edge.policy.deadline", "3s");
        tier1.put("edge.shutdown.drain-timeout", "2s");
        tier1.putAll(identities);
        tier1.putAll(policyClient("edge-proxy"));
        tier1.putAll(edgeOverrides);
        edge = AppProcess.start(repoRoot, "edge-proxy", tier1, logs(), edgePort);
    }

    private Path logs() {
        return repoRoot.resolve("e2e-tests/target/e2e-logs");
    }

    private Map<String, String> policyClient(String app) {
        Map<String, String> client = new LinkedHashMap<>();
        client.put("quarkus.grpc.clients.policy.host", "127.0.0.1");
        client.put("quarkus.grpc.clients.policy.port", String.valueOf(grpcPort));
        client.put("quarkus.http.port", String.valueOf(httpPort(app)));
        client.put("quarkus.http.host", "127.0.0.1");
        return client;
    }

    /** The app's HTTP port, chosen once per app name so a restart keeps it. */
    private int httpPort(String app) {
        return httpPorts.computeIfAbsent(app, name -> freePort());
    }

    /** Where an app started by this chain serves Prometheus metrics ("policy-service", "egress-proxy", "edge-proxy"). */
    public URI metricsUri(String app) {
        Integer port = httpPorts.get(app);
        if (port == null) {
            throw new IllegalStateException(app + " was not started by this chain");
        }
        return URI.create("http://127.0.0.1:" + port + "/q/metrics");
    }

    /** Stops only the policy-service, to show that both proxies then fail closed. */
    public void stopPolicyService() throws InterruptedException {
        policyService.close();
    }

    /** SIGKILLs the policy-service (a crash, not a shutdown); returns once the process is gone. */
    public void killPolicyService() throws InterruptedException {
        policyService.kill();
    }

    /** Starts the policy-service again with the same properties and port; returns once it listens. */
    public void restartPolicyService() throws IOException, InterruptedException {
        policyService = AppProcess.start(repoRoot, "policy-service", policyProperties, logs(), grpcPort);
    }

    public AppProcess edge() {
        return edge;
    }

    public AppProcess egress() {
        return egress;
    }

    public AppProcess policyService() {
        return policyService;
    }

    @Override
    public void close() throws InterruptedException {
        for (AppProcess app : Stream.of(edge, egress, policyService).filter(a -> a != null).toList()) {
            app.close();
        }
    }
}
