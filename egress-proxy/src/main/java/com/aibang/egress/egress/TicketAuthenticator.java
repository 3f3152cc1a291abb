package com.aibang.egress.egress;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyFailure;
import com.aibang.egress.proxy.policy.RequestAuthenticator;
import com.aibang.egress.proxy.policy.RequestCredentials;
import com.aibang.egress.proxy.ticket.InvalidTicketException;
import com.aibang.egress.proxy.ticket.TicketClaims;
import com.aibang.egress.proxy.ticket.TicketVerifier;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tier 2's caller identity from tier 1's signed ticket: a valid ticket for this destination and request
 * gives the identity it states (authenticated_by edge-ticket) with the connecting IP; a bad one is 403;
 * none is 403 when tickets are required, else the caller is known by IP only.
 */
final class TicketAuthenticator implements RequestAuthenticator {

    /** source.authenticated_by of a caller identified by its ticket. */
    static final String EDGE_TICKET = "edge-ticket";
    static final String REASON_REQUIRED = "ticket_required";
    static final String REASON_INVALID = "ticket_invalid";

    private static final int FORBIDDEN = 403;

    private final TicketVerifier verifier;
    private final boolean required;

    /** @param verifier null when no key is configured: tickets are then ignored (tickets cannot be required) */
    TicketAuthenticator(TicketVerifier verifier, boolean required) {
        this.verifier = verifier;
        this.required = required;
    }

    @Override
    public CompletableFuture<Optional<Source>> authenticate(String sourceIp, String proxyAuthorization) {
        return authenticate(new RequestCredentials(sourceIp, proxyAuthorization, null, "", null, null));
    }

    @Override
    public CompletableFuture<Optional<Source>> authenticate(RequestCredentials credentials) {
        String token = credentials.ticket();
        if (token == null || token.isBlank()) {
            return required ? refuse(REASON_REQUIRED + ": this proxy requires a tier-1 ticket")
                    : CompletableFuture.completedFuture(Optional.empty());
        }
        if (verifier == null) {
            // No key configured: the ticket cannot be trusted, so it is not used (the caller is known by IP
            // only) - it is still removed before the destination. Lets tier 1 start sending tickets first.
            return CompletableFuture.completedFuture(Optional.empty());
        }
        TicketClaims claims;
        try {
            claims = verifier.verify(token.trim());
        } catch (InvalidTicketException e) {
            return refuse(REASON_INVALID + ": " + e.getMessage());
        }
        if (credentials.target() != null && !credentials.target().authority().equals(claims.destination())) {
            return refuse(REASON_INVALID + ": ticket is for " + claims.destination() + ", not "
                    + credentials.target().authority());
        }
        if (!orEmpty(claims.requestId()).isEmpty() && !claims.requestId().equals(credentials.requestId())) {
            return refuse(REASON_INVALID + ": ticket is for request " + claims.requestId() + ", not "
                    + credentials.requestId());
        }
        if (credentials.entry() != null) {
            credentials.entry().extra(AccessLog.FIELD_TIER1_DECISION_ID, claims.decisionId())
                    .extra(AccessLog.FIELD_AUTHENTICATED_BY, EDGE_TICKET)
                    .extra(AccessLog.FIELD_POD, claims.pod())
                    .extra(AccessLog.FIELD_LABELS, labels(claims.labels()));
        }
        Source source = Source.newBuilder()
                .setIp(credentials.sourceIp())
                .setNamespace(orEmpty(claims.namespace()))
                .setServiceAccount(orEmpty(claims.serviceAccount()))
                .setPod(orEmpty(claims.pod()))
                .putAllLabels(claims.labels())
                .setAuthenticatedBy(EDGE_TICKET)
                .build();
        return CompletableFuture.completedFuture(Optional.of(source));
    }

    /** {@code key=value,...} sorted by key, for the audit line. */
    private static String labels(java.util.Map<String, String> labels) {
        return new java.util.TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static CompletableFuture<Optional<Source>> refuse(String reason) {
        return CompletableFuture.failedFuture(ProxyFailure.denied(reason, FORBIDDEN, 0));
    }
}
