package com.aibang.egress.policyservice.rate;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the default of {@code quarkus.redis.active} from {@code policy.rate.store}: the Redis
 * client (its connection pool and pool meters) exists only with the redis store. An explicit
 * quarkus.redis.active anywhere (application.properties, -D, environment) still wins.
 * Registered in META-INF/services/io.smallrye.config.ConfigSourceFactory.
 */
public final class RedisActivation implements ConfigSourceFactory {

    static final String REDIS_ACTIVE = "quarkus.redis.active";
    static final String RATE_STORE = "policy.rate.store";
    /** Above the mapping defaults, below application.properties (250), system properties and environment. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue store = context.getValue(RATE_STORE);
        boolean redis = store != null && store.getValue() != null && "redis".equalsIgnoreCase(store.getValue().trim());
        return List.of(new PropertiesConfigSource(Map.of(REDIS_ACTIVE, String.valueOf(redis)),
                "policy-service rate store", ORDINAL));
    }
}
