package com.aibang.egress.proxy.upstream;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A named group of parent proxies (Squid {@code cache_peer} parity): smooth weighted round-robin over
 * the healthy members, passive failure marking, failover order, optional credentials and TLS.
 */
public final class ParentPool {

    private static final Logger LOG = Logger.getLogger(ParentPool.class);

    private final String name;
    private final List<ParentMember> members;
    private final Duration connectTimeout;
    private final String proxyAuthorization;
    private final SslContext tls;
    private final int failureThreshold;

    /**
     * @param name pool name, as decisions' {@code route} names it
     * @param members at least one parent
     * @param connectTimeout TCP (and TLS handshake) timeout per parent
     * @param proxyAuthorization value of {@code Proxy-Authorization} sent to the parents, null for none
     * @param tls TLS towards the parents, null for plain TCP
     * @param failureThreshold consecutive failures after which a parent is marked down
     */
    public ParentPool(String name, List<ParentMember> members, Duration connectTimeout, String proxyAuthorization,
            SslContext tls, int failureThreshold) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parent pool name must not be empty");
        }
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("parent pool '" + name + "' has no members");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("parent pool '" + name + "' connect timeout must be positive");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("parent pool '" + name + "' failure threshold must be at least 1");
        }
        this.name = name;
        this.members = List.copyOf(members);
        this.connectTimeout = connectTimeout;
        this.proxyAuthorization = proxyAuthorization;
        this.tls = tls;
        this.failureThreshold = failureThreshold;
    }

    /** Basic credentials as a {@code Proxy-Authorization} value. */
    public static String basicAuthorization(String user, String password) {
        String pair = user + ":" + password;
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String name() {
        return name;
    }

    public List<ParentMember> members() {
        return members;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Proxy-Authorization value for the parents, null when none is configured. */
    public String proxyAuthorization() {
        return proxyAuthorization;
    }

    /** TLS context towards the parents, null for plain TCP. */
    public SslContext tls() {
        return tls;
    }

    public boolean hasHealthyMember() {
        return members.stream().anyMatch(ParentMember::healthy);
    }

    /**
     * The healthy members in the order to try them: the weighted round-robin pick first, then the
     * other healthy members (failover). Empty when none is healthy.
     */
    public synchronized List<ParentMember> candidates() {
        ParentMember picked = null;
        int total = 0;
        for (ParentMember member : members) {
            if (!member.healthy()) {
                continue;
            }
            member.currentWeight += member.weight();
            total += member.weight();
            if (picked == null || member.currentWeight > picked.currentWeight) {
                picked = member;
            }
        }
        List<ParentMember> order = new ArrayList<>();
        if (picked == null) {
            return order;
        }
        picked.currentWeight -= total;
        order.add(picked);
        int start = members.indexOf(picked);
        for (int i = 1; i < members.size(); i++) {
            ParentMember next = members.get((start + i) % members.size());
            if (next.healthy()) {
                order.add(next);
            }
        }
        return order;
    }

    /** A connection to the member failed (passive check, or an active probe). */
    public void markFailure(ParentMember member, String why) {
        boolean wasHealthy = member.healthy();
        member.recordFailure(failureThreshold);
        if (wasHealthy && !member.healthy()) {
            LOG.warnf("parent pool %s: %s marked down (%s)", name, member.label(), why);
        }
    }

    /** A connection to the member worked. */
    public void markSuccess(ParentMember member) {
        boolean wasHealthy = member.healthy();
        member.recordSuccess();
        if (!wasHealthy) {
            LOG.infof("parent pool %s: %s is up again", name, member.label());
        }
    }
}
