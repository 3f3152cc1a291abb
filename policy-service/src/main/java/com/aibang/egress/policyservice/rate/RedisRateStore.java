package com.aibang.egress.policyservice.rate;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Counts in Redis so replicas share them: one sorted set per key holding this minute's checks
 * (score = Redis server time in ms, so replicas' clocks do not matter). One script call per check
 * (or re-check, or reported reuse) trims the window, adds the events and counts, for both keys at once.
 */
public final class RedisRateStore implements RateStore {

    /**
     * Trims both keys' windows, adds ARGV[3] events per key (0 = only count: a tunnel's re-check) and
     * answers both counts. Members: the id ARGV[2] itself for one check, or ARGV[2]:1 .. ARGV[2]:n when
     * ARGV[4] is "numbered" (reuses a proxy reported in one item).
     */
    private static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local n = tonumber(ARGV[3])
            local counts = {}
            for k, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
              if n > 0 then
                if ARGV[4] == 'numbered' then
                  for i = 1, n do
                    redis.call('ZADD', key, now, ARGV[2] .. ':' .. i)
                  end
                else
                  redis.call('ZADD', key, now, ARGV[2])
                end
                redis.call('PEXPIRE', key, window)
              end
              counts[k] = redis.call('ZCARD', key)
            end
            return counts
            """;
    private static final String SINGLE = "single";
    private static final String NUMBERED = "numbered";

    private final RedisDataSource redis;
    private final String prefix;

    public RedisRateStore(RedisDataSource redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public RateCounts hit(RateKeys keys, String id) {
        return count(keys, id, 1, SINGLE);
    }

    @Override
    public RateCounts peek(RateKeys keys) {
        return count(keys, "", 0, SINGLE);
    }

    @Override
    public void add(RateKeys keys, String id, long count) {
        if (count > 0) {
            count(keys, id, count, NUMBERED);
        }
    }

    private RateCounts count(RateKeys keys, String id, long events, String members) {
        Response counts = redis.execute("EVAL", SCRIPT, "2", prefix + keys.source(), prefix + keys.sourceDestination(),
                String.valueOf(WINDOW_MILLIS), id, String.valueOf(events), members);
        return new RateCounts(counts.get(0).toLong(), counts.get(1).toLong());
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean blocking() {
        return true;
    }
}
