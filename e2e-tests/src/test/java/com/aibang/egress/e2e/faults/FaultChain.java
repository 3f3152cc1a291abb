package com.aibang.egress.e2e.faults;

import com.aibang.egress.e2e.Chain;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The chain as the fault tests use it: one allowed name resolving to 127.0.0.1, every loopback caller a pod of
 * namespace "api", the test's upstream ports allowed (and declared internal, since they are on loopback).
 */
record FaultChain(Chain chain, Path policies, Path hosts) implements AutoCloseable {
    static final String ALLOWED = "app.allowed.test";
    /** A pod of namespace "api" (any 127.0.0.0/8 address is one). */
    static final String POD = "127.0.0.2";
    private static final Duration PATIENT_DEADLINE = Duration.ofSeconds(10);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    /** Stops every part of the chain that was started. */
    @Override
    public void close() throws InterruptedException {
        chain.close();
    }

    static FaultChain prepare(Path work, int... upstreamPorts) throws IOException {
        Path repoRoot = Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
        Chain chain = new Chain(repoRoot, work);
        Path hosts = work.resolve("hosts");
        Files.writeString(hosts, "# the egress proxy resolves the test name to the local upstreams\n127.0.0.1 " + ALLOWED + "\n");
        return new FaultChain(chain, chain.preparePolicies(allowlist(upstreamPorts)), hosts);
    }

    static Map<String, String> identities() {
        return Map.of(
                "edge.identities.\"127.0.0.0/8\".namespace", "api",
                "edge.identities.\"127.0.0.0/8\".service-account", "api");
    }

    /** Starts policy-service, egress-proxy and edge-proxy with whatever overrides the test set on {@link #chain}. */
    void start() throws IOException, InterruptedException {
        chain.start(policies, hosts, identities());
    }

    /**
     * Policy deadlines long enough for a machine busy with a whole build: these tests are about processes dying and
     * clients misbehaving, not about slow answers, which would otherwise show up as stray 503s.
     */
    FaultChain patientDeadlines() {
        chain.edgeProperty("edge.policy.deadline", PATIENT_DEADLINE.toSeconds() + "s")
                .egressProperty("egress.policy.deadline", PATIENT_DEADLINE.toSeconds() + "s");
        return this;
    }

    /** Sends {@code url} through the proxy until it is served (200): cold JVMs answer the first calls slowly. */
    static void awaitServed(HttpClient client, String url) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        Load.Result last;
        do {
            last = ProxyCalls.get(client, url, READY_WAIT);
            if (last.status() == 200) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the chain did not serve " + url + " within " + READY_WAIT + ": " + last);
    }

    private static String allowlist(int... ports) {
        String list = Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        return """
                namespaces:
                  api:
                    destinations:
                      - host: %1$s
                        ports: [%2$s]
                tier1_source_cidrs:
                  - 127.0.0.1/32
                # the upstreams listen on loopback, which tier 2's SSRF guard refuses unless declared internal
                internal_destinations:
                  - host: %1$s
                    ports: [%2$s]
                """.formatted(ALLOWED, list);
    }
}
