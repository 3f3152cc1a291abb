package com.aibang.egress.proxy.cache;

import com.aibang.egress.proxy.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges of an {@link HttpCache}: entries, bytes, and the hit ratio, computed from the lookup counters
 * ({@value ProxyMetrics#CACHE_LOOKUPS}) so that there is one count of lookups.
 */
public final class CacheMeters {

    /** Share of lookups answered with a stored body (hit, revalidated, stale) among all lookups; 0 before any. */
    public static final String HIT_RATIO = "proxy.cache.hit.ratio";
    /** Stored responses. */
    public static final String ENTRIES = "proxy.cache.entries";
    /** Bytes counted towards the size bound. */
    public static final String BYTES = "proxy.cache.bytes";

    private CacheMeters() {
    }

    /** Registers the gauges for the cache of one tier. */
    public static void bind(HttpCache cache, MeterRegistry registry, String tier) {
        Gauge.builder(HIT_RATIO, registry, r -> hitRatio(r, tier))
                .description("share of HTTP cache lookups served from the cache").tag(ProxyMetrics.TAG_TIER, tier)
                .register(registry);
        Gauge.builder(ENTRIES, cache, HttpCache::size).description("responses stored in the HTTP cache")
                .tag(ProxyMetrics.TAG_TIER, tier).register(registry);
        Gauge.builder(BYTES, cache, HttpCache::bytes).description("bytes held by the HTTP cache").baseUnit("bytes")
                .tag(ProxyMetrics.TAG_TIER, tier).register(registry);
    }

    static double hitRatio(MeterRegistry registry, String tier) {
        double all = 0;
        double served = 0;
        for (Counter counter : registry.find(ProxyMetrics.CACHE_LOOKUPS).tag(ProxyMetrics.TAG_TIER, tier).counters()) {
            all += counter.count();
            if (CacheExchange.SERVED_FROM_CACHE.contains(counter.getId().getTag(ProxyMetrics.TAG_RESULT))) {
                served += counter.count();
            }
        }
        return all == 0 ? 0 : served / all;
    }
}
