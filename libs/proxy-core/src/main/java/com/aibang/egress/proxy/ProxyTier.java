package com.aibang.egress.proxy;

import com.aibang.egress.policy.v1.Tier;

/** The two tiers that run this engine. */
public enum ProxyTier {
    EDGE("edge", Tier.TIER_EDGE),
    EGRESS("egress", Tier.TIER_EGRESS);

    private final String label;
    private final Tier protoTier;

    ProxyTier(String label, Tier protoTier) {
        this.label = label;
        this.protoTier = protoTier;
    }

    /** Value of the {@code X-Proxy-Tier} header and of log lines. */
    public String label() {
        return label;
    }

    public Tier protoTier() {
        return protoTier;
    }
}
