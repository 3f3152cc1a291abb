package com.aibang.egress.proxy.ticket;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.upstream.Forwarding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.crypto.Mac;

/** Signs short-lived tickets (JWS compact) that tier 1 attaches to what it forwards to tier 2. */
public final class TicketSigner {

    private final TicketAlgorithm algorithm;
    private final Key key;
    private final String keyId;
    private final Duration ttl;
    private final String issuer;
    private final Clock clock;

    /**
     * @param algorithm signature algorithm
     * @param key private key (ES256, EdDSA) or secret (HS256), see {@link TicketKeys#signingKey}
     * @param keyId optional {@code kid} header, null for none
     * @param ttl lifetime of each ticket
     * @param issuer {@code iss} claim
     * @param clock time source
     */
    public TicketSigner(TicketAlgorithm algorithm, Key key, String keyId, Duration ttl, String issuer, Clock clock) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ticket lifetime must be positive, got " + ttl);
        }
        if (algorithm.symmetric() == key instanceof PrivateKey) {
            throw new IllegalArgumentException("key of type " + key.getAlgorithm() + " does not fit " + algorithm.jwsName());
        }
        this.algorithm = algorithm;
        this.key = key;
        this.keyId = keyId;
        this.ttl = ttl;
        this.issuer = issuer;
        this.clock = clock;
        // Fail at startup, not on the first request, when the key does not fit the algorithm.
        sign("probe".getBytes(StandardCharsets.US_ASCII));
    }

    /** A ticket for one forwarded request or tunnel. */
    public String issue(Forwarding forwarding) {
        Source source = forwarding.source();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return issue(new TicketClaims(issuer, source.getIp(), source.getNamespace(), source.getServiceAccount(),
                source.getPod(), source.getLabelsMap(), source.getAuthenticatedBy(), forwarding.target().authority(),
                forwarding.decisionId(), forwarding.requestId(), now, now.plus(ttl)));
    }

    /** Signs the given claims as they are. */
    public String issue(TicketClaims claims) {
        String input = TicketCodec.signingInput(algorithm, keyId, claims);
        return input + "." + TicketCodec.encodeSignature(sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] sign(byte[] input) {
        try {
            if (algorithm.symmetric()) {
                Mac mac = Mac.getInstance(algorithm.jcaName());
                mac.init(key);
                return mac.doFinal(input);
            }
            Signature signature = Signature.getInstance(algorithm.jcaName());
            signature.initSign((PrivateKey) key);
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("cannot sign tickets with " + algorithm.jwsName() + ": " + e.getMessage(), e);
        }
    }
}
