package com.aibang.egress.proxy.ticket;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;

/** Checks a ticket from tier 1: algorithm pinned by configuration, signature, issue and expiry time. */
public final class TicketVerifier {

    private final TicketAlgorithm algorithm;
    private final Key key;
    private final Duration clockSkew;
    private final Clock clock;

    /**
     * @param algorithm the only algorithm accepted (the token's own {@code alg} is never trusted)
     * @param key public key (ES256, EdDSA) or secret (HS256), see {@link TicketKeys#verificationKey}
     * @param clockSkew tolerated difference between the tiers' clocks
     * @param clock time source
     */
    public TicketVerifier(TicketAlgorithm algorithm, Key key, Duration clockSkew, Clock clock) {
        if (!algorithm.symmetric() && !(key instanceof PublicKey)) {
            throw new IllegalArgumentException(algorithm.jwsName() + " tickets are verified with a public key");
        }
        this.algorithm = algorithm;
        this.key = key;
        this.clockSkew = clockSkew == null ? Duration.ZERO : clockSkew;
        this.clock = clock;
    }

    /**
     * The claims of a valid ticket.
     *
     * @throws InvalidTicketException saying why the ticket is not trusted
     */
    public TicketClaims verify(String token) throws InvalidTicketException {
        TicketCodec.Parts parts = TicketCodec.parse(token);
        String alg = parts.header().path(TicketCodec.HEADER_ALG).asText("");
        if (!algorithm.jwsName().equals(alg)) {
            throw new InvalidTicketException("ticket algorithm '" + alg + "' is not the configured "
                    + algorithm.jwsName());
        }
        if (!signatureValid(parts)) {
            throw new InvalidTicketException("ticket signature is invalid");
        }
        TicketClaims claims = TicketCodec.claims(parts.payload());
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt().plus(clockSkew))) {
            throw new InvalidTicketException("ticket expired at " + claims.expiresAt());
        }
        if (claims.issuedAt().isAfter(now.plus(clockSkew))) {
            throw new InvalidTicketException("ticket issued in the future (" + claims.issuedAt() + ")");
        }
        return claims;
    }

    private boolean signatureValid(TicketCodec.Parts parts) throws InvalidTicketException {
        try {
            if (algorithm.symmetric()) {
                Mac mac = Mac.getInstance(algorithm.jcaName());
                mac.init(key);
                return MessageDigest.isEqual(mac.doFinal(parts.signingInput()), parts.signature());
            }
            Signature signature = Signature.getInstance(algorithm.jcaName());
            signature.initVerify((PublicKey) key);
            signature.update(parts.signingInput());
            return signature.verify(parts.signature());
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new InvalidTicketException("cannot verify ticket: " + e.getMessage(), e);
        }
    }
}
