package com.aibang.egress.proxy.guard;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.target.Target;
import com.aibang.egress.proxy.upstream.HostResolver;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * DNS pinning and SSRF guard (tier 2): resolves a destination once, before the policy is asked, and
 * afterwards refuses it when any of its addresses is in a guarded range, unless the decision marked the
 * destination internal. Refusals are 403 with a reason starting {@value #REASON}.
 */
public final class DestinationGuard {

    /** Reason prefix (and X-Proxy-Reason start) of an SSRF refusal. */
    public static final String REASON = "ssrf_blocked";

    private final HostResolver resolver;
    private final Executor executor;
    private final boolean blockInternal;

    /**
     * @param resolver where names are resolved (hosts-file override, then the system)
     * @param executor blocking lookups run here, off the event loops
     * @param blockInternal false disables the range check (pinning stays)
     */
    public DestinationGuard(HostResolver resolver, Executor executor, boolean blockInternal) {
        this.resolver = resolver;
        this.executor = executor;
        this.blockInternal = blockInternal;
    }

    /** Resolves the target once; IP literals and names the resolver knows without a lookup are answered at once. Fails with an UNREACHABLE {@link ProxyFailure}. */
    public CompletableFuture<PinnedDestination> pin(Target target) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(target.host());
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(new PinnedDestination(
                        java.util.List.of(InetAddress.getByAddress(literal))));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(new ProxyFailure(FailureKind.MALFORMED,
                        "invalid IP literal " + target.host(), e));
            }
        }
        InetAddress[] known = resolver.resolveWithoutBlocking(target.host());
        if (known != null && known.length > 0) {
            // Hosts-file answers need no thread of the resolver pool (and no hop back to the event loop).
            return CompletableFuture.completedFuture(new PinnedDestination(Arrays.asList(known)));
        }
        return CompletableFuture.supplyAsync(() -> resolve(target), executor);
    }

    private PinnedDestination resolve(Target target) {
        try {
            InetAddress[] addresses = resolver.resolve(target.host());
            if (addresses == null || addresses.length == 0) {
                throw new UnknownHostException("no addresses");
            }
            return new PinnedDestination(Arrays.asList(addresses));
        } catch (UnknownHostException | RuntimeException e) {
            throw new CompletionException(new ProxyFailure(FailureKind.UNREACHABLE,
                    "DNS failure for destination " + target.authority() + ": " + e.getMessage(), e));
        }
    }

    /**
     * The refusal for a pinned destination, or null when it may be reached. Any guarded address refuses the
     * whole destination: a name answering with both public and internal addresses is a rebinding attempt.
     */
    public Blocked check(Target target, PinnedDestination pinned, boolean internalAllowed) {
        if (!blockInternal || internalAllowed) {
            return null;
        }
        for (InetAddress address : pinned.addresses()) {
            String range = AddressRanges.guardedRange(address);
            if (range != null) {
                return new Blocked(range, ProxyFailure.denied(REASON + ": " + target.host() + " resolves to "
                        + PinnedDestination.text(address) + " (" + range + "), which the policy does not allow as internal",
                        403, 0));
            }
        }
        return null;
    }

    /**
     * A refused destination.
     *
     * @param range the guarded range that refused it
     * @param failure the 403 to send
     */
    public record Blocked(String range, ProxyFailure failure) {
    }
}
