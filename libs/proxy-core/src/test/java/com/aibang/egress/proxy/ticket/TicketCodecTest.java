package com.aibang.egress.proxy.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signer and verifier share one codec: round trips, and every reason to distrust a ticket. */
class TicketCodecTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static TicketClaims claims(Instant issued, Duration ttl) {
        return new TicketClaims("edge", "10.4.2.7", "payments", "api", "api-7d9", Map.of("app", "api"), "pod-ip",
                "login.microsoft.com:443", "dec-1", "req-1", issued, issued.plus(ttl));
    }

    private record Keys(Key signing, Key verification) {
    }

    private Keys pemKeys(TicketAlgorithm algorithm) throws Exception {
        Path privatePem = dir.resolve(algorithm + "-private.pem");
        Path publicPem = dir.resolve(algorithm + "-public.pem");
        if (algorithm.symmetric()) {
            Files.writeString(privatePem, "0123456789abcdef0123456789abcdef-shared\n");
            return new Keys(TicketKeys.signingKey(algorithm, privatePem), TicketKeys.verificationKey(algorithm, privatePem));
        }
        KeyPairGenerator generator;
        if (algorithm == TicketAlgorithm.ES256) {
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator = KeyPairGenerator.getInstance("Ed25519");
        }
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(privatePem, TicketKeys.toPem(pair.getPrivate()));
        Files.writeString(publicPem, TicketKeys.toPem(pair.getPublic()));
        return new Keys(TicketKeys.signingKey(algorithm, privatePem), TicketKeys.verificationKey(algorithm, publicPem));
    }

    @Test
    void everyAlgorithmRoundTripsFromPemFiles() throws Exception {
        for (TicketAlgorithm algorithm : TicketAlgorithm.values()) {
            Keys keys = pemKeys(algorithm);
            TicketSigner signer = new TicketSigner(algorithm, keys.signing(), "k1", Duration.ofSeconds(30), "edge", CLOCK);
            String token = signer.issue(claims(NOW, Duration.ofSeconds(30)));
            TicketClaims back = new TicketVerifier(algorithm, keys.verification(), Duration.ZERO, CLOCK).verify(token);
            assertEquals(claims(NOW, Duration.ofSeconds(30)), back, algorithm.jwsName());
            assertEquals("system:serviceaccount:payments:api", back.subject());
            String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
            assertTrue(header.contains("\"alg\":\"" + algorithm.jwsName() + "\""), header);
        }
    }

    @Test
    void tamperedExpiredFutureAndForeignTicketsAreRejected() throws Exception {
        Keys keys = pemKeys(TicketAlgorithm.ES256);
        TicketSigner signer = new TicketSigner(TicketAlgorithm.ES256, keys.signing(), null, Duration.ofSeconds(30),
                "edge", CLOCK);
        TicketVerifier verifier = new TicketVerifier(TicketAlgorithm.ES256, keys.verification(), Duration.ofSeconds(5),
                CLOCK);

        String token = signer.issue(claims(NOW, Duration.ofSeconds(30)));
        String[] parts = token.split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("payments", "admin").getBytes(StandardCharsets.UTF_8));
        assertRejected(verifier, parts[0] + "." + forgedPayload + "." + parts[2], "signature");

        assertRejected(verifier, signer.issue(claims(NOW.minusSeconds(120), Duration.ofSeconds(30))), "expired");
        assertRejected(verifier, signer.issue(claims(NOW.plusSeconds(120), Duration.ofSeconds(30))), "future");

        Keys other = pemKeys(TicketAlgorithm.EDDSA);
        String eddsa = new TicketSigner(TicketAlgorithm.EDDSA, other.signing(), null, Duration.ofSeconds(30), "edge",
                CLOCK).issue(claims(NOW, Duration.ofSeconds(30)));
        assertRejected(verifier, eddsa, "algorithm");

        String unsigned = parts[0].replace(parts[0], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))) + "." + parts[1] + ".";
        assertRejected(verifier, unsigned, "algorithm");
        assertRejected(verifier, "not-a-jws", "compact");
        assertRejected(verifier, "", "empty");
    }

    @Test
    void badKeyFilesAndSecretsAreExplained() throws Exception {
        Path weak = dir.resolve("weak.secret");
        Files.writeString(weak, "short");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TicketKeys.signingKey(TicketAlgorithm.HS256, weak));
        assertTrue(error.getMessage().contains("at least 32 bytes"), error.getMessage());
        Path notPem = dir.resolve("garbage.pem");
        Files.writeString(notPem, "hello");
        error = assertThrows(IllegalArgumentException.class, () -> TicketKeys.signingKey(TicketAlgorithm.ES256, notPem));
        assertTrue(error.getMessage().contains("BEGIN PRIVATE KEY"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TicketKeys.signingKey(TicketAlgorithm.ES256,
                dir.resolve("missing.pem")));
        Keys ed = pemKeys(TicketAlgorithm.EDDSA);
        assertThrows(IllegalArgumentException.class, () -> new TicketSigner(TicketAlgorithm.ES256, ed.signing(), null,
                Duration.ofSeconds(1), "edge", CLOCK), "an Ed25519 key cannot sign ES256");
        assertThrows(IllegalArgumentException.class, () -> TicketAlgorithm.parse("RS256"));
    }

    private static void assertRejected(TicketVerifier verifier, String token, String expectedWord) {
        InvalidTicketException error = assertThrows(InvalidTicketException.class, () -> verifier.verify(token));
        assertTrue(error.getMessage().contains(expectedWord), error.getMessage());
    }
}
