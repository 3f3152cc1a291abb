package com.aibang.egress.policyservice.grpc;

import com.aibang.egress.policyservice.config.PolicyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The gRPC server's settings from {@code policy.grpc.*}, validated (a bad value stops the start with a message naming
 * the property), with the names of the Quarkus gRPC server this service used before ({@code quarkus.grpc.server.host}
 * and {@code .port}, e.g. the env QUARKUS_GRPC_SERVER_PORT in existing manifests) honoured as deprecated fallbacks.
 *
 * @param deprecationWarning one line naming the deprecated properties in use and their replacements, or empty
 */
public record GrpcServerSettings(String host, int port, int eventLoops, int maxInboundMessageSize,
        int flowControlWindow, int maxConcurrentCallsPerConnection, Duration shutdownTimeout,
        Optional<String> deprecationWarning) {

    public static final String HOST = "policy.grpc.host";
    public static final String PORT = "policy.grpc.port";
    public static final String EVENT_LOOPS = "policy.grpc.event-loops";
    public static final String MAX_INBOUND_MESSAGE_SIZE = "policy.grpc.max-inbound-message-size";
    public static final String FLOW_CONTROL_WINDOW = "policy.grpc.flow-control-window";
    public static final String MAX_CONCURRENT_CALLS = "policy.grpc.max-concurrent-calls-per-connection";
    public static final String SHUTDOWN_TIMEOUT = "policy.grpc.shutdown-timeout";
    /** Deprecated: the Quarkus gRPC server's names, read only when the policy.grpc.* counterpart is not set. */
    public static final String LEGACY_HOST = "quarkus.grpc.server.host";
    public static final String LEGACY_PORT = "quarkus.grpc.server.port";

    static final String DEFAULT_HOST = "0.0.0.0";
    static final int DEFAULT_PORT = 9191;
    /** More loops than this only add threads and wake-ups, whatever the machine. */
    static final int MAX_EVENT_LOOPS = 256;

    /** Reads and validates the settings; throws IllegalArgumentException naming the property at fault. */
    public static GrpcServerSettings resolve(PolicyConfig.Grpc grpc, Config config) {
        refuseLegacyTls(config);
        List<String> deprecated = new ArrayList<>();
        String host = grpc.host().map(String::trim).filter(value -> !value.isEmpty())
                .or(() -> legacy(config, LEGACY_HOST, HOST, deprecated)).orElse(DEFAULT_HOST);
        Optional<String> legacyPort = grpc.port().isPresent() ? Optional.empty()
                : legacy(config, LEGACY_PORT, PORT, deprecated);
        int port = grpc.port().orElseGet(() -> legacyPort.map(value -> parsePort(value, LEGACY_PORT)).orElse(DEFAULT_PORT));
        ignoredLegacy(grpc.host().isPresent(), config, LEGACY_HOST, HOST, deprecated);
        ignoredLegacy(grpc.port().isPresent(), config, LEGACY_PORT, PORT, deprecated);

        requireRange(legacyPort.isPresent() ? LEGACY_PORT + " (deprecated, use " + PORT + ")" : PORT, port, 0, 65535);
        requireRange(EVENT_LOOPS, grpc.eventLoops(), 1, MAX_EVENT_LOOPS);
        int maxInbound = bytes(MAX_INBOUND_MESSAGE_SIZE, grpc.maxInboundMessageSize().asLongValue(), 1);
        // HTTP/2 allows windows from 65,535 bytes (the initial default) to 2^31-1.
        int window = bytes(FLOW_CONTROL_WINDOW, grpc.flowControlWindow().asLongValue(), 65535);
        requireRange(MAX_CONCURRENT_CALLS, grpc.maxConcurrentCallsPerConnection(), 0, Integer.MAX_VALUE);
        if (grpc.shutdownTimeout().isNegative()) {
            throw new IllegalArgumentException(SHUTDOWN_TIMEOUT + " must not be negative, got " + grpc.shutdownTimeout());
        }
        Optional<String> warning = deprecated.isEmpty() ? Optional.empty()
                : Optional.of("deprecated configuration, still honoured (whatever Quarkus' \"Unrecognized configuration key\""
                        + " warning says): " + String.join("; ", deprecated));
        return new GrpcServerSettings(host, port, grpc.eventLoops(), maxInbound, window,
                grpc.maxConcurrentCallsPerConnection(), grpc.shutdownTimeout(), warning);
    }

    /**
     * TLS on the gRPC port was possible through the Quarkus gRPC server's quarkus.grpc.server.ssl.* (never documented
     * here); this server serves plaintext only, so such settings stop the start instead of silently dropping TLS.
     */
    private static void refuseLegacyTls(Config config) {
        for (String name : config.getPropertyNames()) {
            String normalised = envName(name);
            if (normalised.startsWith("QUARKUS_GRPC_SERVER_SSL_") || normalised.equals("QUARKUS_GRPC_SERVER_TLS_CONFIGURATION_NAME")
                    || normalised.equals("QUARKUS_GRPC_SERVER_PLAIN_TEXT")
                    && !config.getOptionalValue(name, String.class).orElse("true").trim().equalsIgnoreCase("true")) {
                throw new IllegalArgumentException(name + " is set, but the gRPC server (" + HOST + ", " + PORT
                        + ") serves plaintext only (TLS there is not supported; terminate TLS in front of it, e.g. a"
                        + " service mesh); remove " + name);
            }
        }
    }

    private static Optional<String> legacy(Config config, String legacyName, String newName, List<String> deprecated) {
        Optional<String> value = config.getOptionalValue(legacyName, String.class).map(String::trim)
                .filter(v -> !v.isEmpty());
        value.ifPresent(v -> deprecated.add(legacyName + "=" + v + " is used, set " + newName + " instead (env "
                + envName(newName) + ")"));
        return value;
    }

    private static void ignoredLegacy(boolean newSet, Config config, String legacyName, String newName,
            List<String> deprecated) {
        if (newSet && config.getOptionalValue(legacyName, String.class).filter(v -> !v.isBlank()).isPresent()) {
            deprecated.add(legacyName + " is ignored, " + newName + " is set");
        }
    }

    private static int parsePort(String value, String property) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a port number (0-65535), got '" + value
                    + "' (deprecated name; use " + PORT + ")");
        }
    }

    private static int bytes(String property, long value, long min) {
        if (value < min || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(property + " must be between " + min + " and " + Integer.MAX_VALUE
                    + " bytes, got " + value);
        }
        return (int) value;
    }

    private static void requireRange(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** The environment variable SmallRye Config maps to the property. */
    static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
