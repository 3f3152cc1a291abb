package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyEngine;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.guard.DestinationGuard;
import com.aibang.egress.proxy.guard.PinnedDestination;
import com.aibang.egress.proxy.policy.PolicyAnswer;
import com.aibang.egress.proxy.target.Target;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The engine's use of the {@link DestinationGuard}: pin before the policy, check after it. No guard: no-ops. */
final class Pinning {

    private Pinning() {
    }

    /** Resolves once (null without a guard) and notes the addresses in the audit line. */
    static CompletableFuture<PinnedDestination> pin(ProxyEngine engine, Target target, AccessEntry entry) {
        DestinationGuard guard = engine.guard();
        if (guard == null) {
            return CompletableFuture.completedFuture(null);
        }
        return guard.pin(target).thenApply(pinned -> {
            entry.extra(AccessLog.FIELD_RESOLVED, String.join(",", pinned.ips()));
            return pinned;
        });
    }

    /** The pinned addresses, for destination.resolved_ips; none without a guard (null). */
    static List<String> resolvedIps(PinnedDestination pinned) {
        return pinned == null ? List.of() : pinned.ips();
    }

    /** The SSRF refusal for an allowed destination, or null; counted when it refuses. */
    static ProxyFailure check(ProxyEngine engine, Target target, PinnedDestination pinned, PolicyAnswer answer) {
        DestinationGuard guard = engine.guard();
        if (guard == null || pinned == null) {
            return null;
        }
        boolean internal = answer != null && answer.response() != null && answer.response().getInternal();
        DestinationGuard.Blocked blocked = guard.check(target, pinned, internal);
        if (blocked == null) {
            return null;
        }
        engine.metrics().ssrfBlocked(blocked.range());
        return blocked.failure();
    }
}
