package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every proxy app does with {@code <tier>.splice.*} at start: a bad value stops the start (the exception of the
 * startup observer aborts Quarkus' start) naming the property, before anything listens or the settings in force
 * change. Each tier's test extends this with its prefix, configuration type and app; shared through the test jar.
 */
public abstract class SpliceConfigContract {

    /** One app, configured but not started: its startup observer, and where it listens (null while it does not). */
    public record UnstartedProxy(Startup start, Supplier<InetSocketAddress> boundAddress) {
    }

    /** An app's startup observer. */
    @FunctionalInterface
    public interface Startup {
        void run() throws Exception;
    }

    private final String tier;
    private final Class<? extends ProxyTierConfig> configType;
    private final Function<ProxyTierConfig, UnstartedProxy> app;

    /**
     * @param tier the tier's property prefix, e.g. {@code edge}
     * @param configType the tier's configuration interface
     * @param app the tier's app built with a configuration of that type
     */
    protected <C extends ProxyTierConfig> SpliceConfigContract(String tier, Class<C> configType,
            Function<C, UnstartedProxy> app) {
        this.tier = tier;
        this.configType = configType;
        this.app = config -> app.apply(configType.cast(config));
    }

    private ProxyTierConfig config(Map<String, String> properties) {
        return PolicySettingsMapping.map(configType, properties);
    }

    private UnstartedProxy proxyWith(Map<String, String> properties) {
        return app.apply(config(properties));
    }

    @AfterEach
    void restoreDefaults() {
        SplicePipeSettings.DEFAULTS.apply();
        SpliceBatchSettings.DEFAULTS.apply();
    }

    @Test
    void pipeSizeBelowOnePageStopsTheStartNamingTheProperty() {
        assertStartRefused(tier + ".splice.pipe-bytes must be 0 (the kernel's default size) or from 4096 to 1073741824,"
                + " got 100", Map.of(tier + ".splice.pipe-bytes", "100"));
    }

    @Test
    void budgetBelowOnePipeStopsTheStartNamingTheProperty() {
        assertStartRefused(tier + ".splice.pipe-budget-bytes must be at least " + tier + ".splice.pipe-bytes (262144),"
                + " or set " + tier + ".splice.pipe-bytes to 0 for the kernel's default size; got 4096",
                Map.of(tier + ".splice.pipe-bytes", "262144", tier + ".splice.pipe-budget-bytes", "4096"));
    }

    @Test
    void negativeBudgetStopsTheStartNamingTheProperty() {
        assertStartRefused(tier + ".splice.pipe-budget-bytes must not be negative, got -1",
                Map.of(tier + ".splice.pipe-budget-bytes", "-1"));
    }

    @Test
    void readBatchSettingsAreReadAndBadValuesStopTheStartNamingTheProperty() {
        assertEquals(SpliceBatchSettings.DEFAULTS, SpliceBatchSettings.from(tier, config(Map.of())));
        assertEquals(new SpliceBatchSettings(0, Duration.ofMillis(1)), SpliceBatchSettings.from(tier,
                config(Map.of(tier + ".splice.read-batch-bytes", "0", tier + ".splice.read-batch-hold", "1ms"))));
        assertStartRefused(tier + ".splice.read-batch-bytes must be 0 (no batching) or from 65536 to 67108864, got 4096",
                Map.of(tier + ".splice.read-batch-bytes", "4096"));
        assertStartRefused(tier + ".splice.read-batch-hold must be positive and at most 100ms, got PT0S",
                Map.of(tier + ".splice.read-batch-hold", "0s"));
    }

    private void assertStartRefused(String message, Map<String, String> properties) {
        UnstartedProxy proxy = proxyWith(properties);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> proxy.start().run());
        assertEquals(message, refused.getMessage());
        assertNull(proxy.boundAddress().get(), "nothing listens");
        assertSame(SpliceBatchSettings.DEFAULTS, SpliceBatchSettings.current(), "the batch settings in force are unchanged");
        assertSame(SplicePipeSettings.DEFAULTS, SplicePipeSettings.current(), "the pipe settings too");
    }
}
