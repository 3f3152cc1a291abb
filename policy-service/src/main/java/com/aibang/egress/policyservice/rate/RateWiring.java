package com.aibang.egress.policyservice.rate;

import com.aibang.egress.policyservice.config.PolicyConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the rate store: in memory by default, Redis (quarkus.redis.hosts) with policy.rate.store=redis. */
@Singleton
public class RateWiring {

    @Produces
    @Singleton
    RateStore rateStore(PolicyConfig config, Instance<RedisDataSource> redis) {
        if (config.rate().store() == PolicyConfig.Store.REDIS) {
            return new RedisRateStore(redis.get(), config.rate().redisKeyPrefix());
        }
        return new InMemoryRateStore();
    }
}
