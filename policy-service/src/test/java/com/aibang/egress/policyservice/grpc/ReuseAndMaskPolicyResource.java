package com.aibang.egress.policyservice.grpc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A policy directory for {@link CheckResponseReuseAndMaskTest}: a decision carrying cache_ttl per
 * destination host (valid, too large, negative, text, fractional) and a mask policy that erases the
 * pod, replaces the path, and answers garbage for one host.
 */
public class ReuseAndMaskPolicyResource implements QuarkusTestResourceLifecycleManager {

    static final String POLICY = """
            package reuse

            import rego.v1

            ttl := {"thirty.test": 30, "huge.test": 86400, "negative.test": -5, "text.test": "60", "fraction.test": 2.7}

            default decision := {"allow": true, "reason": "no cache_ttl"}

            decision := {"allow": true, "reason": "with cache_ttl", "cache_ttl": ttl[input.destination.host]} if {
            	ttl[input.destination.host]
            }

            mask contains "/input/source/pod"

            mask contains {"op": "upsert", "path": "/input/destination/path", "value": "/hidden"} if {
            	input.input.destination.path
            }

            mask contains 42 if input.input.destination.host == "bad-mask.test"
            """;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("policy-service-reuse");
            Files.writeString(dir.resolve("reuse.rego"), POLICY);
            return Map.of(
                    "policy.dir", dir.toString(),
                    "policy.watch", "false",
                    "policy.decision-path", "data.reuse.decision",
                    "policy.decision-log.mask-path", "data.reuse.mask",
                    "policy.max-cache-ttl", "120s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
