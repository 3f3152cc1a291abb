package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyTier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A tunnel's byte meters get its counts in batches, everything by the end, and late bytes at once. */
class TunnelStatsTest {

    private final ProxyMetrics metrics = ProxyMetrics.inMemory(ProxyTier.EDGE);
    private final AtomicInteger lines = new AtomicInteger();
    private final TunnelStats stats = new TunnelStats(metrics, lines::incrementAndGet, new AccessEntry());

    @Test
    void bytesReachTheMetersInBatchesAndAllOfThemAtTheEnd() {
        stats.upstream(517);
        stats.downstream(651);
        assertEquals(0, meter(ProxyMetrics.DIRECTION_UPSTREAM), "below a batch nothing is metered yet");
        assertEquals(0, meter(ProxyMetrics.DIRECTION_DOWNSTREAM));

        stats.downstream(TunnelStats.METER_BATCH_BYTES);
        assertEquals(651 + TunnelStats.METER_BATCH_BYTES, meter(ProxyMetrics.DIRECTION_DOWNSTREAM), "a full batch is");

        stats.closed(true);
        assertEquals(517, meter(ProxyMetrics.DIRECTION_UPSTREAM), "the rest is metered when the tunnel ends");
        assertEquals(651 + TunnelStats.METER_BATCH_BYTES, meter(ProxyMetrics.DIRECTION_DOWNSTREAM));
        assertEquals(1, lines.get(), "one access line");

        stats.downstream(309);
        assertEquals(651 + TunnelStats.METER_BATCH_BYTES + 309, meter(ProxyMetrics.DIRECTION_DOWNSTREAM),
                "bytes relayed after the end are metered at once");
        stats.closed(false);
        assertEquals(1, lines.get(), "still one access line");
    }

    private long meter(String direction) {
        return (long) metrics.registry().get(ProxyMetrics.BYTES).tag(ProxyMetrics.TAG_DIRECTION, direction).counter()
                .count();
    }
}
