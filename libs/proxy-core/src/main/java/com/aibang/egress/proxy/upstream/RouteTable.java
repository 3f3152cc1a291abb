package com.aibang.egress.proxy.upstream;

import com.aibang.egress.proxy.FailureKind;
import com.aibang.egress.proxy.ProxyFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a decision's {@code route} to how the traffic leaves: a parent pool, or direct where allowed. */
public final class RouteTable {

    private final Map<String, UpstreamRoute> routes;
    private final UpstreamRoute defaultRoute;
    private final boolean followDecisions;

    private RouteTable(Map<String, UpstreamRoute> routes, UpstreamRoute defaultRoute, boolean followDecisions) {
        this.routes = Map.copyOf(routes);
        this.defaultRoute = defaultRoute;
        this.followDecisions = followDecisions;
    }

    /** Always the same route, whatever the decision says (tier 2 always goes direct). */
    public static RouteTable fixed(UpstreamRoute route) {
        return new RouteTable(Map.of(route.name(), route), route, false);
    }

    /**
     * Routes chosen by decisions.
     *
     * @param routes every selectable route (include a {@link DirectRoute} only where direct is allowed)
     * @param defaultName route used when a decision names none
     * @throws IllegalArgumentException when the default is not among the routes
     */
    public static RouteTable of(List<UpstreamRoute> routes, String defaultName) {
        Map<String, UpstreamRoute> byName = new LinkedHashMap<>();
        for (UpstreamRoute route : routes) {
            if (byName.put(route.name(), route) != null) {
                throw new IllegalArgumentException("route '" + route.name() + "' is defined twice");
            }
        }
        UpstreamRoute fallback = byName.get(defaultName);
        if (fallback == null) {
            throw new IllegalArgumentException("default route '" + defaultName + "' is not one of " + byName.keySet());
        }
        return new RouteTable(byName, fallback, true);
    }

    /**
     * The route for a decision's {@code route} value (empty: the default).
     *
     * @throws ProxyFailure (502) when the decision names a route this tier does not have
     */
    public UpstreamRoute select(String decisionRoute) throws ProxyFailure {
        if (!followDecisions || decisionRoute == null || decisionRoute.isEmpty()) {
            return defaultRoute;
        }
        UpstreamRoute route = routes.get(decisionRoute);
        if (route == null) {
            String why = DirectRoute.NAME.equals(decisionRoute) ? "the decision asks for a direct connection, which this tier does not allow"
                    : "the decision names route '" + decisionRoute + "', which is no parent pool of this tier";
            throw new ProxyFailure(FailureKind.UNREACHABLE, why);
        }
        return route;
    }

    /** Every parent pool, for health checks and metrics. */
    public List<ParentPool> pools() {
        return routes.values().stream().filter(ParentProxyRoute.class::isInstance)
                .map(route -> ((ParentProxyRoute) route).pool()).toList();
    }

    /** True when some pool has a healthy parent, or traffic can go direct. */
    public boolean canForward() {
        return routes.values().stream().anyMatch(route -> !(route instanceof ParentProxyRoute parent)
                || parent.pool().hasHealthyMember());
    }
}
