package com.aibang.egress.e2e.faults;

import com.aibang.egress.e2e.Allowlist;
import com.aibang.egress.e2e.Chain;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
        Chain chain = new Chain(Chain.repoRoot(), work);
        Path hosts = chain.loopbackHosts(ALLOWED);
        return new FaultChain(chain, chain.preparePolicies(new Allowlist().allowInternal(ALLOWED, upstreamPorts).yaml()),
                hosts);
    }

    static Map<String, String> identities() {
        return Chain.apiPods("127.0.0.0/8");
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
}
