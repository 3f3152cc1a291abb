package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.ProxyMetrics;

/**
 * Bytes of one tunnel, counted by both relays (on the same event loop); when either side closes, the
 * tunnel's access line is written once.
 */
public final class TunnelStats {

    private final ProxyMetrics metrics;
    private final Runnable onClose;
    private final AccessEntry entry;
    private long up;
    private long down;
    /** When bytes last moved either way (the idle timeout of spliced tunnels). */
    private long lastActivityNanos = System.nanoTime();
    private boolean closed;

    public TunnelStats(ProxyMetrics metrics, Runnable onClose, AccessEntry entry) {
        this.metrics = metrics;
        this.onClose = onClose;
        this.entry = entry;
        metrics.tunnelOpened();
    }

    void upstream(long bytes) {
        up += bytes;
        lastActivityNanos = System.nanoTime();
        metrics.bytesUpstream(bytes);
    }

    void downstream(long bytes) {
        down += bytes;
        lastActivityNanos = System.nanoTime();
        metrics.bytesDownstream(bytes);
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** The first side to close ends the tunnel; {@code byClient} says which it was. */
    void closed(boolean byClient) {
        if (closed) {
            return;
        }
        closed = true;
        entry.extraIfAbsent(com.aibang.egress.proxy.AccessLog.FIELD_END,
                byClient ? com.aibang.egress.proxy.AccessLog.END_CLIENT_CLOSE
                        : com.aibang.egress.proxy.AccessLog.END_UPSTREAM_CLOSE);
        metrics.tunnelClosed();
        entry.bytes(up, down);
        onClose.run();
    }
}
