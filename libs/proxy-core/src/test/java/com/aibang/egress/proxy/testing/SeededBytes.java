package com.aibang.egress.proxy.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** A reproducible pseudo-random byte stream of a given size, and its SHA-256, for byte-exact relay tests. */
public final class SeededBytes {

    private static final int BLOCK = 256 * 1024;

    private SeededBytes() {
    }

    /** Writes {@code size} bytes drawn from {@code seed} to {@code out}. */
    public static void write(OutputStream out, long seed, int size) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[BLOCK];
        for (int left = size; left > 0; left -= block.length) {
            random.nextBytes(block);
            out.write(block, 0, Math.min(left, block.length));
        }
    }

    /** The SHA-256 of what {@link #write} writes for the same seed and size. */
    public static byte[] sha256(long seed, int size) {
        Random random = new Random(seed);
        MessageDigest digest = newSha256();
        byte[] block = new byte[BLOCK];
        for (int left = size; left > 0; left -= block.length) {
            random.nextBytes(block);
            digest.update(block, 0, Math.min(left, block.length));
        }
        return digest.digest();
    }

    /** A fresh SHA-256 digest (always present in a JRE). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
