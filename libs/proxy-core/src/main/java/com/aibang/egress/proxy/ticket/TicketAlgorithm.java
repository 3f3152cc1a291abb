package com.aibang.egress.proxy.ticket;

import java.util.Locale;

/** JWS algorithms a ticket may be signed with, and their JDK names. */
public enum TicketAlgorithm {
    /** ECDSA P-256 with SHA-256; the signature is R||S as JWS requires. */
    ES256("ES256", "SHA256withECDSAinP1363Format", "EC"),
    /** Ed25519. */
    EDDSA("EdDSA", "Ed25519", "Ed25519"),
    /** HMAC SHA-256 with a shared secret. */
    HS256("HS256", "HmacSHA256", null);

    private final String jwsName;
    private final String jcaName;
    private final String keyAlgorithm;

    TicketAlgorithm(String jwsName, String jcaName, String keyAlgorithm) {
        this.jwsName = jwsName;
        this.jcaName = jcaName;
        this.keyAlgorithm = keyAlgorithm;
    }

    /** Value of the JWS {@code alg} header. */
    public String jwsName() {
        return jwsName;
    }

    String jcaName() {
        return jcaName;
    }

    /** JDK KeyFactory algorithm for PEM keys; null for the shared-secret algorithm. */
    String keyAlgorithm() {
        return keyAlgorithm;
    }

    public boolean symmetric() {
        return this == HS256;
    }

    /**
     * Parses a configured name: {@code ES256}, {@code EdDSA} (or {@code Ed25519}), {@code HS256}.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static TicketAlgorithm parse(String name) {
        String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "ES256" -> ES256;
            case "EDDSA", "ED25519" -> EDDSA;
            case "HS256" -> HS256;
            default -> throw new IllegalArgumentException("unknown ticket algorithm '" + name
                    + "' (expected ES256, EdDSA or HS256)");
        };
    }
}
