package com.aibang.egress.proxy.ticket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/** Loads ticket keys: PKCS#8 / X.509 PEM files for ES256 and EdDSA, a secret file for HS256. */
public final class TicketKeys {

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    /** HS256 secrets shorter than the hash output are weak (RFC 7518 section 3.2). */
    private static final int MIN_SECRET_BYTES = 32;

    private TicketKeys() {
    }

    /** The key that signs: a PKCS#8 private key, or the shared secret for HS256. */
    public static Key signingKey(TicketAlgorithm algorithm, Path file) {
        if (algorithm.symmetric()) {
            return secret(file);
        }
        byte[] der = pem(file, PRIVATE_LABEL);
        try {
            PrivateKey key = KeyFactory.getInstance(algorithm.keyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a PKCS#8 " + algorithm.jwsName() + " private key: "
                    + e.getMessage(), e);
        }
    }

    /** The key that verifies: an X.509 SubjectPublicKeyInfo public key, or the shared secret for HS256. */
    public static Key verificationKey(TicketAlgorithm algorithm, Path file) {
        if (algorithm.symmetric()) {
            return secret(file);
        }
        byte[] der = pem(file, PUBLIC_LABEL);
        try {
            PublicKey key = KeyFactory.getInstance(algorithm.keyAlgorithm()).generatePublic(new X509EncodedKeySpec(der));
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not an X.509 " + algorithm.jwsName() + " public key: "
                    + e.getMessage(), e);
        }
    }

    /** Encodes a key as PEM (PKCS#8 for private keys, X.509 for public keys). */
    public static String toPem(Key key) {
        String label = key instanceof PrivateKey ? PRIVATE_LABEL : PUBLIC_LABEL;
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
    }

    private static Key secret(Path file) {
        byte[] secret = read(file).trim().getBytes(StandardCharsets.UTF_8);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(file + ": HS256 secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        return new SecretKeySpec(secret, TicketAlgorithm.HS256.jcaName());
    }

    private static byte[] pem(Path file, String label) {
        String text = read(file);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + ": expected a PEM block '" + begin + "'"
                    + (text.contains("EC PRIVATE KEY") ? " (convert with: openssl pkcs8 -topk8 -nocrypt)" : ""));
        }
        String base64 = text.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": invalid base64 in PEM block: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ticket key file " + file + ": " + e.getMessage(), e);
        }
    }
}
