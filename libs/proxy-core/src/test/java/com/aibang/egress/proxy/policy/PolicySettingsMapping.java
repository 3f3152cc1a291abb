package com.aibang.egress.proxy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * Checks a tier's mapping of {@link PolicyClientSettings} with SmallRye Config as the apps read it (Quarkus' Duration
 * format, no application.properties): the names and defaults declared once in PolicyClientSettings apply under the
 * tier's prefix. Shared with the tiers' tests through the test jar.
 */
public final class PolicySettingsMapping {

    private PolicySettingsMapping() {
    }

    /** The config mapping {@code type} read from {@code properties} alone. */
    public static <T> T map(Class<T> type, Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(type)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter()).build().getConfigMapping(type);
    }

    /** Nothing set: 500 ms deadline, event-loop client, cache on with 10,000 entries, reports 1 s / 20 ids / 10,000. */
    public static void assertDefaults(PolicyClientSettings policy) {
        assertEquals(Duration.ofMillis(500), policy.deadline());
        assertTrue(policy.eventLoopClient());
        assertTrue(policy.decisionCache().enabled());
        assertEquals(10000, policy.decisionCache().maxEntries());
        assertEquals(Duration.ofSeconds(1), policy.decisionCache().report().interval());
        assertEquals(20, policy.decisionCache().report().maxRequestIds());
        assertEquals(10000, policy.decisionCache().report().maxPending());
    }

    /** Every setting under {@code prefix} (e.g. {@code edge.policy}) with a value other than its default. */
    public static Map<String, String> everySettingChanged(String prefix) {
        return Map.of(prefix + ".deadline", "2s", prefix + ".event-loop-client", "false",
                prefix + ".decision-cache.enabled", "false", prefix + ".decision-cache.max-entries", "7",
                prefix + ".decision-cache.report.interval", "3s", prefix + ".decision-cache.report.max-request-ids", "4",
                prefix + ".decision-cache.report.max-pending", "5");
    }

    /** The settings read from {@link #everySettingChanged}: each property reached its setting. */
    public static void assertEverySettingChanged(PolicyClientSettings policy) {
        assertEquals(Duration.ofSeconds(2), policy.deadline());
        assertFalse(policy.eventLoopClient());
        assertFalse(policy.decisionCache().enabled());
        assertEquals(7, policy.decisionCache().maxEntries());
        assertEquals(Duration.ofSeconds(3), policy.decisionCache().report().interval());
        assertEquals(4, policy.decisionCache().report().maxRequestIds());
        assertEquals(5, policy.decisionCache().report().maxPending());
    }
}
