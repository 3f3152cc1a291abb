package com.aibang.egress.proxy;

import com.aibang.egress.proxy.http.TunnelInspector;
import com.aibang.egress.proxy.policy.PolicyGate;
import com.aibang.egress.proxy.policy.RequestAuthenticator;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.upstream.DirectRoute;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.RouteTable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link ProxyServer} is built from; {@link #builder} fills in defaults.
 *
 * @param settings network settings and tier
 * @param gate policy gate
 * @param identity caller identity from the connection
 * @param authenticator caller identity from request credentials
 * @param routes routes by decision
 * @param resolver DNS
 * @param limits protection limits
 * @param metrics meters
 * @param accessLogFormat access line format
 * @param healthCheckInterval interval of active parent health checks
 * @param drainTimeout how long shutdown lets tunnels and requests in flight finish
 * @param guard DNS pinning / SSRF guard mode
 * @param inspector looks at each tunnel's first client bytes (null: none)
 * @param listener source ranges and TLS of the listener
 * @param cache HTTP cache for plain GET responses (null: off)
 * @param decisionCacheEnabled reuse policy decisions for identical requests while their {@code cache_ttl} lasts
 * @param decisionCacheMaxEntries most decisions kept for reuse
 * @param eventLoops the event loops to serve on (shared with the policy client); null: the server makes its own
 */
public record ProxyServerOptions(ProxySettings settings, PolicyGate gate, SourceIdentityResolver identity,
        RequestAuthenticator authenticator, RouteTable routes, HostResolver resolver, ProxyLimits limits, ProxyMetrics metrics,
        AccessLog.Format accessLogFormat, Duration healthCheckInterval, Duration drainTimeout, GuardMode guard,
        TunnelInspector inspector, ListenerSecurity listener, com.aibang.egress.proxy.cache.HttpCache cache,
        boolean decisionCacheEnabled, int decisionCacheMaxEntries, ProxyEventLoops eventLoops) {

    /** Default of {@link #decisionCacheMaxEntries}. */
    public static final int DEFAULT_DECISION_CACHE_MAX_ENTRIES = 10_000;

    /** Whether destinations are resolved once before the policy is asked, and internal addresses refused. */
    public enum GuardMode {
        /** No pinning: the route resolves when it connects (tier 1, and routes through parents). */
        OFF,
        /** Resolve once, pass the addresses to the policy, connect to exactly those; no range check. */
        PIN_ONLY,
        /** Pin, and refuse guarded (internal) addresses unless the decision says internal. */
        PIN_AND_BLOCK_INTERNAL
    }

    public ProxyServerOptions {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(accessLogFormat, "accessLogFormat");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(listener, "listener");
        if (healthCheckInterval.isNegative() || healthCheckInterval.isZero()) {
            throw new IllegalArgumentException("health check interval must be positive, got " + healthCheckInterval);
        }
        if (decisionCacheEnabled && decisionCacheMaxEntries < 1) {
            throw new IllegalArgumentException("decision cache max entries must be at least 1, got "
                    + decisionCacheMaxEntries);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative, got " + drainTimeout);
        }
    }

    public static Builder builder(ProxySettings settings, PolicyGate gate) {
        return new Builder(settings, gate);
    }

    /** Fluent construction with defaults: IP-only identity, direct route, system DNS, default limits. */
    public static final class Builder {
        private final ProxySettings settings;
        private final PolicyGate gate;
        private SourceIdentityResolver identity = SourceIdentityResolver.IP_ONLY;
        private RequestAuthenticator authenticator = RequestAuthenticator.NONE;
        private RouteTable routes = RouteTable.fixed(new DirectRoute());
        private HostResolver resolver = HostResolver.SYSTEM;
        private ProxyLimits limits = ProxyLimits.defaults();
        private ProxyMetrics metrics;
        private AccessLog.Format accessLogFormat = AccessLog.Format.JSON;
        private Duration healthCheckInterval = Duration.ofSeconds(5);
        private Duration drainTimeout = Duration.ofSeconds(5);
        private GuardMode guard = GuardMode.OFF;
        private TunnelInspector inspector;
        private ListenerSecurity listener = ListenerSecurity.OPEN;
        private com.aibang.egress.proxy.cache.HttpCache cache;
        private boolean decisionCacheEnabled = true;
        private int decisionCacheMaxEntries = DEFAULT_DECISION_CACHE_MAX_ENTRIES;
        private ProxyEventLoops eventLoops;

        private Builder(ProxySettings settings, PolicyGate gate) {
            this.settings = settings;
            this.gate = gate;
        }

        public Builder identity(SourceIdentityResolver value) {
            identity = value;
            return this;
        }

        public Builder authenticator(RequestAuthenticator value) {
            authenticator = value;
            return this;
        }

        public Builder routes(RouteTable value) {
            routes = value;
            return this;
        }

        public Builder resolver(HostResolver value) {
            resolver = value;
            return this;
        }

        public Builder limits(ProxyLimits value) {
            limits = value;
            return this;
        }

        public Builder metrics(ProxyMetrics value) {
            metrics = value;
            return this;
        }

        public Builder accessLogFormat(AccessLog.Format value) {
            accessLogFormat = value;
            return this;
        }

        public Builder healthCheckInterval(Duration value) {
            healthCheckInterval = value;
            return this;
        }

        public Builder drainTimeout(Duration value) {
            drainTimeout = value;
            return this;
        }

        public Builder guard(GuardMode value) {
            guard = value;
            return this;
        }

        public Builder inspector(TunnelInspector value) {
            inspector = value;
            return this;
        }

        public Builder listener(ListenerSecurity value) {
            listener = value;
            return this;
        }

        public Builder cache(com.aibang.egress.proxy.cache.HttpCache value) {
            cache = value;
            return this;
        }

        /** Reuse of policy decisions within their {@code cache_ttl} (on by default). */
        public Builder decisionCache(boolean enabled, int maxEntries) {
            decisionCacheEnabled = enabled;
            decisionCacheMaxEntries = maxEntries;
            return this;
        }

        /** Serve on these event loops (the policy client should use them too); the caller closes them. */
        public Builder eventLoops(ProxyEventLoops value) {
            eventLoops = value;
            return this;
        }

        public ProxyServerOptions build() {
            return new ProxyServerOptions(settings, gate, identity, authenticator, routes, resolver, limits,
                    metrics == null ? ProxyMetrics.inMemory(settings.tier()) : metrics, accessLogFormat,
                    healthCheckInterval, drainTimeout, guard, inspector, listener, cache, decisionCacheEnabled,
                    decisionCacheMaxEntries, eventLoops);
        }
    }
}
