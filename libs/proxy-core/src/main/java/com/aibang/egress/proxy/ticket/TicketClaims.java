package com.aibang.egress.proxy.ticket;

import java.time.Instant;
import java.util.Map;

/**
 * What tier 1 states about one forwarded request or tunnel.
 *
 * @param issuer who signed it ({@code edge})
 * @param sourceIp the caller's IP as tier 1 saw it
 * @param namespace caller's namespace, empty when unknown
 * @param serviceAccount caller's service account, empty when unknown
 * @param pod caller's pod, empty when unknown
 * @param labels caller's labels
 * @param authenticatedBy how tier 1 learned the identity
 * @param destination {@code host:port}
 * @param decisionId tier 1's decision id
 * @param requestId request id shared by both tiers
 * @param issuedAt issue time (whole seconds)
 * @param expiresAt expiry time (whole seconds)
 */
public record TicketClaims(String issuer, String sourceIp, String namespace, String serviceAccount, String pod,
        Map<String, String> labels, String authenticatedBy, String destination, String decisionId, String requestId,
        Instant issuedAt, Instant expiresAt) {

    /** JSON claim names; standard JWT names where one exists. */
    public static final String ISSUER = "iss";
    public static final String SUBJECT = "sub";
    public static final String SOURCE_IP = "src_ip";
    public static final String NAMESPACE = "ns";
    public static final String SERVICE_ACCOUNT = "sa";
    public static final String POD = "pod";
    public static final String LABELS = "labels";
    public static final String AUTHENTICATED_BY = "auth_by";
    public static final String DESTINATION = "dst";
    public static final String DECISION_ID = "decision_id";
    public static final String REQUEST_ID = "request_id";
    public static final String ISSUED_AT = "iat";
    public static final String EXPIRES_AT = "exp";

    public TicketClaims {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** JWT subject: {@code system:serviceaccount:<ns>:<sa>} when known, the source IP otherwise. */
    public String subject() {
        if (!namespace.isEmpty() && !serviceAccount.isEmpty()) {
            return "system:serviceaccount:" + namespace + ":" + serviceAccount;
        }
        return sourceIp;
    }
}
