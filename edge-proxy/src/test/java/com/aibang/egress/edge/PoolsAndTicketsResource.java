package com.aibang.egress.edge;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.ticket.TicketKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.Map;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A policy double, two parents in pool "default", an ES256 ticket key pair in PEM files, degraded mode on. */
public class PoolsAndTicketsResource implements QuarkusTestResourceLifecycleManager {

    static PolicyServerDouble policy;
    static RecordingUpstream first;
    static RecordingUpstream second;
    static KeyPair ticketKeys;
    private Path keyDir;

    @Override
    public Map<String, String> start() {
        try {
            policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
            first = RecordingUpstream.http();
            second = RecordingUpstream.http();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            ticketKeys = generator.generateKeyPair();
            keyDir = Files.createTempDirectory("edge-ticket");
            Files.writeString(keyDir.resolve("ticket.pem"), TicketKeys.toPem(ticketKeys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test doubles", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.grpc.clients.policy.host", "127.0.0.1");
        config.put("quarkus.grpc.clients.policy.test-port", Integer.toString(policy.port()));
        config.put("quarkus.grpc.clients.policy.port", Integer.toString(policy.port()));
        config.put("edge.listen.host", "127.0.0.1");
        config.put("edge.listen.port", "0");
        config.put("edge.parents.default.members", "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port()
                + ";weight=1");
        config.put("edge.parents.default.username", "edge");
        config.put("edge.parents.default.password", "pool-secret");
        config.put("edge.parent-health.interval", "1h");
        config.put("edge.ticket.enabled", "true");
        config.put("edge.ticket.algorithm", "ES256");
        config.put("edge.ticket.key-file", keyDir.resolve("ticket.pem").toString());
        config.put("edge.ticket.key-id", "edge-2026");
        config.put("edge.access-log.format", "squid");
        config.put("edge.degraded.enabled", "true");
        config.put("edge.identities.\"127.0.0.0/8\".namespace", "loopback");
        return config;
    }

    @Override
    public void stop() {
        first.close();
        second.close();
        try {
            policy.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The key is a test key, but a private key file left in /tmp by every build is still litter.
        try {
            Files.deleteIfExists(keyDir.resolve("ticket.pem"));
            Files.deleteIfExists(keyDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
