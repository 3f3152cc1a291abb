package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.TcpCongestion;

/** The settings of a tier that hold for its whole JVM: splice pipe sizes, splice read batching, TCP congestion control. */
public final class ProcessWideSettings {

    private ProcessWideSettings() {
    }

    /**
     * Reads {@code <prefix>.splice.*} and {@code <prefix>.tcp-congestion-control} and puts them in force. A bad value
     * stops the start naming its property; both splice settings are checked before either is applied.
     */
    public static void apply(String prefix, ProxyTierConfig config) {
        SplicePipeSettings pipes = SplicePipeSettings.from(prefix, config);
        SpliceBatchSettings batches = SpliceBatchSettings.from(prefix, config);
        pipes.apply();
        batches.apply();
        TcpCongestion.configure(prefix, config);
    }
}
