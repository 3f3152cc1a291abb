package com.aibang.egress.policyservice.rate;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Counts in Redis so replicas share them: one sorted set per key holding this minute's checks
 * (score = Redis server time in ms, so replicas' clocks do not matter). One script call per check
 * trims the window, adds the check and counts, for both keys at once.
 */
public final class RedisRateStore implements RateStore {

    private static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local counts = {}
            for i, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
              redis.call('ZADD', key, now, ARGV[2])
              redis.call('PEXPIRE', key, window)
              counts[i] = redis.call('ZCARD', key)
            end
            return counts
            """;

    /** Counts without adding (a tunnel's re-check). */
    private static final String PEEK_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local counts = {}
            for i, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
              counts[i] = redis.call('ZCARD', key)
            end
            return counts
            """;

    /** Adds ARGV[3] events (members ARGV[2]:1 .. ARGV[2]:n) per key: reuses a proxy reported. */
    private static final String ADD_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local n = tonumber(ARGV[3])
            for _, key in ipairs(KEYS) do
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
              for i = 1, n do
                redis.call('ZADD', key, now, ARGV[2] .. ':' .. i)
              end
              redis.call('PEXPIRE', key, window)
            end
            return n
            """;

    private final RedisDataSource redis;
    private final String prefix;

    public RedisRateStore(RedisDataSource redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public RateCounts hit(RateKeys keys, String id) {
        Response counts = redis.execute("EVAL", SCRIPT, "2", prefix + keys.source(), prefix + keys.sourceDestination(),
                String.valueOf(WINDOW_MILLIS), id);
        return new RateCounts(counts.get(0).toLong(), counts.get(1).toLong());
    }

    @Override
    public RateCounts peek(RateKeys keys) {
        Response counts = redis.execute("EVAL", PEEK_SCRIPT, "2", prefix + keys.source(),
                prefix + keys.sourceDestination(), String.valueOf(WINDOW_MILLIS));
        return new RateCounts(counts.get(0).toLong(), counts.get(1).toLong());
    }

    @Override
    public void add(RateKeys keys, String id, long count) {
        if (count <= 0) {
            return;
        }
        redis.execute("EVAL", ADD_SCRIPT, "2", prefix + keys.source(), prefix + keys.sourceDestination(),
                String.valueOf(WINDOW_MILLIS), id, String.valueOf(count));
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
