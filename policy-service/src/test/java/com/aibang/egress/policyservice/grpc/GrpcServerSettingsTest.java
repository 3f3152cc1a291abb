package com.aibang.egress.policyservice.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policyservice.config.PolicyConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** policy.grpc.* as the README documents it: defaults, validation naming the property, the deprecated Quarkus names. */
class GrpcServerSettingsTest {

    private static GrpcServerSettings resolve(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PolicyConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter()).build();
        return GrpcServerSettings.resolve(config.getConfigMapping(PolicyConfig.class).grpc(), config);
    }

    private static String refusal(Map<String, String> properties) {
        return assertThrows(IllegalArgumentException.class, () -> resolve(properties)).getMessage();
    }

    @Test
    void defaults() {
        GrpcServerSettings settings = resolve(Map.of());

        assertEquals("0.0.0.0", settings.host());
        assertEquals(9191, settings.port());
        assertEquals(1, settings.eventLoops());
        assertEquals(4 * 1024 * 1024, settings.maxInboundMessageSize());
        assertEquals(1024 * 1024, settings.flowControlWindow());
        assertEquals(0, settings.maxConcurrentCallsPerConnection());
        assertEquals(Duration.ofSeconds(10), settings.shutdownTimeout());
        assertEquals(Optional.empty(), settings.deprecationWarning());
    }

    @Test
    void newNamesAreRead() {
        GrpcServerSettings settings = resolve(Map.of("policy.grpc.host", "127.0.0.1", "policy.grpc.port", "0",
                "policy.grpc.event-loops", "2", "policy.grpc.max-inbound-message-size", "64K",
                "policy.grpc.flow-control-window", "256K",
                "policy.grpc.max-concurrent-calls-per-connection", "100", "policy.grpc.shutdown-timeout", "3s"));

        assertEquals("127.0.0.1", settings.host());
        assertEquals(0, settings.port());
        assertEquals(2, settings.eventLoops());
        assertEquals(64 * 1024, settings.maxInboundMessageSize());
        assertEquals(256 * 1024, settings.flowControlWindow());
        assertEquals(100, settings.maxConcurrentCallsPerConnection());
        assertEquals(Duration.ofSeconds(3), settings.shutdownTimeout());
        assertEquals(Optional.empty(), settings.deprecationWarning());
    }

    @Test
    void deprecatedQuarkusNamesAreHonouredWithOneWarningNamingTheNewProperties() {
        GrpcServerSettings settings = resolve(Map.of("quarkus.grpc.server.host", "127.0.0.3",
                "quarkus.grpc.server.port", "9292"));

        assertEquals("127.0.0.3", settings.host());
        assertEquals(9292, settings.port());
        String warning = settings.deprecationWarning().orElseThrow();
        assertTrue(warning.contains("quarkus.grpc.server.port=9292 is used, set policy.grpc.port instead (env POLICY_GRPC_PORT)"),
                warning);
        assertTrue(warning.contains("set policy.grpc.host instead"), warning);
    }

    @Test
    void newNamesWinOverDeprecatedOnesAndTheWarningSaysSo() {
        GrpcServerSettings settings = resolve(Map.of("policy.grpc.port", "9393", "quarkus.grpc.server.port", "9292"));

        assertEquals(9393, settings.port());
        assertEquals("0.0.0.0", settings.host());
        assertTrue(settings.deprecationWarning().orElseThrow().contains("quarkus.grpc.server.port is ignored, policy.grpc.port is set"),
                settings.deprecationWarning().get());
    }

    @Test
    void portOutOfRangeNamesTheProperty() {
        assertEquals("policy.grpc.port must be between 0 and 65535, got 70000", refusal(Map.of("policy.grpc.port", "70000")));
        assertEquals("policy.grpc.port must be between 0 and 65535, got -1", refusal(Map.of("policy.grpc.port", "-1")));
    }

    @Test
    void badDeprecatedPortNamesBothProperties() {
        String message = refusal(Map.of("quarkus.grpc.server.port", "http"));
        assertTrue(message.startsWith("quarkus.grpc.server.port must be a port number"), message);
        assertTrue(message.contains("use policy.grpc.port"), message);

        message = refusal(Map.of("quarkus.grpc.server.port", "99999"));
        assertTrue(message.startsWith("quarkus.grpc.server.port (deprecated, use policy.grpc.port) must be between"), message);
    }

    @Test
    void eventLoopsOutOfRangeNamesTheProperty() {
        assertEquals("policy.grpc.event-loops must be between 1 and 256, got 0", refusal(Map.of("policy.grpc.event-loops", "0")));
        assertEquals("policy.grpc.event-loops must be between 1 and 256, got 1000",
                refusal(Map.of("policy.grpc.event-loops", "1000")));
    }

    @Test
    void otherLimitsNameTheirProperty() {
        assertTrue(refusal(Map.of("policy.grpc.max-inbound-message-size", "0"))
                .startsWith("policy.grpc.max-inbound-message-size must be between 1 and"));
        assertTrue(refusal(Map.of("policy.grpc.max-inbound-message-size", "3G"))
                .startsWith("policy.grpc.max-inbound-message-size must be between 1 and"));
        assertEquals("policy.grpc.flow-control-window must be between 65535 and 2147483647 bytes, got 1024",
                refusal(Map.of("policy.grpc.flow-control-window", "1K")));
        assertTrue(refusal(Map.of("policy.grpc.max-concurrent-calls-per-connection", "-5"))
                .startsWith("policy.grpc.max-concurrent-calls-per-connection must be between 0 and"));
        assertTrue(refusal(Map.of("policy.grpc.shutdown-timeout", "-1s")).startsWith("policy.grpc.shutdown-timeout must not be negative"));
    }

    @Test
    void tlsSettingsOfTheQuarkusGrpcServerStopTheStartInsteadOfServingPlaintext() {
        String message = refusal(Map.of("quarkus.grpc.server.ssl.certificate", "/etc/tls/tls.crt"));
        assertTrue(message.startsWith("quarkus.grpc.server.ssl.certificate is set, but the gRPC server (policy.grpc.host,"
                + " policy.grpc.port) serves plaintext only"), message);
        assertTrue(refusal(Map.of("QUARKUS_GRPC_SERVER_SSL_KEY", "/k")).startsWith("QUARKUS_GRPC_SERVER_SSL_KEY is set"));
        assertTrue(refusal(Map.of("quarkus.grpc.server.plain-text", "false")).startsWith("quarkus.grpc.server.plain-text is set"));
        assertEquals(9191, resolve(Map.of("quarkus.grpc.server.plain-text", "true")).port());
    }

    @Test
    void envNamesAreWhatSmallRyeMaps() {
        assertEquals("POLICY_GRPC_EVENT_LOOPS", GrpcServerSettings.envName("policy.grpc.event-loops"));
    }
}
