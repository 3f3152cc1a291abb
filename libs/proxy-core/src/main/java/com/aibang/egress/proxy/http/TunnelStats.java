package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.ProxyMetrics;

/**
 * Bytes of one tunnel, counted by both relays (on the same event loop); when either side closes, the
 * tunnel's access line is written once. The byte meters get the counts in batches of {@link #METER_BATCH_BYTES}
 * and the rest at the end: one meter update per read cost about as much as the rest of a short tunnel's relaying.
 */
public final class TunnelStats {

    /** Bytes a direction counts before it adds them to its meter (a bulk tunnel's meters lag by at most this). */
    static final long METER_BATCH_BYTES = 64 * 1024;

    private final ProxyMetrics metrics;
    private final Runnable onClose;
    private final AccessEntry entry;
    private long up;
    private long down;
    /** Counted, not yet added to the meters (once the tunnel ended, late bytes go to them at once). */
    private long upUnmetered;
    private long downUnmetered;
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
        upUnmetered += bytes;
        if (closed || upUnmetered >= METER_BATCH_BYTES) {
            metrics.bytesUpstream(upUnmetered);
            upUnmetered = 0;
        }
    }

    void downstream(long bytes) {
        down += bytes;
        lastActivityNanos = System.nanoTime();
        downUnmetered += bytes;
        if (closed || downUnmetered >= METER_BATCH_BYTES) {
            metrics.bytesDownstream(downUnmetered);
            downUnmetered = 0;
        }
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
        meterRest();
        entry.extraIfAbsent(com.aibang.egress.proxy.AccessLog.FIELD_END,
                byClient ? com.aibang.egress.proxy.AccessLog.END_CLIENT_CLOSE
                        : com.aibang.egress.proxy.AccessLog.END_UPSTREAM_CLOSE);
        metrics.tunnelClosed();
        entry.bytes(up, down);
        onClose.run();
    }

    private void meterRest() {
        if (upUnmetered > 0) {
            metrics.bytesUpstream(upUnmetered);
            upUnmetered = 0;
        }
        if (downUnmetered > 0) {
            metrics.bytesDownstream(downUnmetered);
            downUnmetered = 0;
        }
    }
}
