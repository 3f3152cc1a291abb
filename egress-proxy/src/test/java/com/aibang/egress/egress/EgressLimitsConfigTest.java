package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aibang.egress.proxy.ProxyLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** egress.limits.* become the engine's limits; a bad value is refused with the property group named. */
class EgressLimitsConfigTest {

    /** Values as the config mapping would hand them over. */
    private record Values(int maxRequestLine, int maxHeaderSize, int maxHeaderCount, Duration headerTimeout,
            Duration tunnelIdleTimeout, int maxConnectionsPerSource) implements EgressConfig.Limits {
    }

    @Test
    void everyValueReachesTheEngineLimits() {
        ProxyLimits limits = EgressProxy.limits(
                new Values(1000, 2000, 30, Duration.ofSeconds(4), Duration.ofMinutes(5), 7));
        assertEquals(new ProxyLimits(1000, 2000, 30, Duration.ofSeconds(4), Duration.ofMinutes(5), 7), limits);
    }

    @Test
    void badValueNamesThePropertyGroup() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> EgressProxy.limits(
                new Values(8192, 10, 100, Duration.ofSeconds(10), Duration.ofMinutes(10), 0)));
        assertEquals("egress.limits: max header size must be at least 256, got 10", error.getMessage());
    }

    @Test
    void zeroHeaderTimeoutIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> EgressProxy.limits(
                new Values(8192, 16384, 100, Duration.ZERO, Duration.ofMinutes(10), 0)));
        assertEquals("egress.limits: header timeout must be positive, got PT0S", error.getMessage());
    }
}
