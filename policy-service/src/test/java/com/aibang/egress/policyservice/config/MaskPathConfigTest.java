package com.aibang.egress.policyservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** policy.decision-log.mask-path as the README documents it: the shipped mask policy by default, none when set empty. */
class MaskPathConfigTest {

    private static PolicyConfig.DecisionLog decisionLog(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(PolicyConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter()).build()
                .getConfigMapping(PolicyConfig.class).decisionLog();
    }

    @Test
    void unsetMeansTheShippedMaskPolicy() {
        assertEquals("data.system.log.mask", decisionLog(Map.of()).maskPath().orElseThrow());
    }

    @Test
    void setEmptyMeansNoMaskPolicy() {
        assertTrue(decisionLog(Map.of("policy.decision-log.mask-path", "")).maskPath().isEmpty());
    }
}
