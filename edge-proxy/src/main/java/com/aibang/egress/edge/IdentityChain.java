package com.aibang.egress.edge;

import com.aibang.egress.edge.kubernetes.PodIdentityIndex;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import java.net.InetSocketAddress;

/** Who is calling: the Running pod holding the source IP first, then the static CIDR map, else the IP only. */
final class IdentityChain implements SourceIdentityResolver {

    private final PodIdentityIndex pods;
    private final SourceIdentityResolver cidrs;

    /**
     * @param pods pod index, null when the pod watch is off
     * @param cidrs the static map
     */
    IdentityChain(PodIdentityIndex pods, SourceIdentityResolver cidrs) {
        this.pods = pods;
        this.cidrs = cidrs;
    }

    @Override
    public Source identify(InetSocketAddress remote) {
        if (pods != null) {
            var pod = pods.identify(SourceIdentityResolver.ipOf(remote));
            if (pod.isPresent()) {
                return pod.get();
            }
        }
        return cidrs.identify(remote);
    }
}
