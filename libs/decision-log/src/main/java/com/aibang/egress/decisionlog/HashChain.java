package com.aibang.egress.decisionlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Links decision log lines: each line gets {@code "prev_hash"}, the lower-case hex SHA-256 of the
 * previous line's bytes (UTF-8, without its newline). The first line of a new chain carries
 * {@link #SEED}. Editing or deleting a line breaks the link of the line after it.
 */
public final class HashChain {

    /** prev_hash of the first entry of a chain: 64 zeros. */
    public static final String SEED = "0".repeat(64);

    private static final byte[] FIELD = (",\"" + DecisionLogFields.PREV_HASH + "\":\"").getBytes(StandardCharsets.UTF_8);

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int SHA256_BYTES = 32;

    /** Lower-case hex of the previous line's hash (ASCII), rewritten in place as the chain advances. */
    private final byte[] previous = new byte[2 * SHA256_BYTES];
    private final byte[] hash = new byte[SHA256_BYTES];
    /** One digest per chain: a chain is advanced by one writer at a time, and the provider lookup costs per line. */
    private final MessageDigest digest = sha256();

    /** @param previous hash of the line before the next one, or {@link #SEED} for a new chain. */
    public HashChain(String previous) {
        byte[] hex = previous.getBytes(StandardCharsets.US_ASCII);
        if (hex.length != this.previous.length) {
            throw new IllegalArgumentException("a hash chain continues from a hex SHA-256 (64 characters), got: " + previous);
        }
        System.arraycopy(hex, 0, this.previous, 0, hex.length);
    }

    /** The prev_hash the next line will carry. */
    public String previous() {
        return new String(previous, StandardCharsets.US_ASCII);
    }

    /**
     * Appends {@code "prev_hash":"..."} as the last field of a serialised JSON object and
     * advances the chain to the returned line.
     */
    public byte[] link(byte[] jsonObject) {
        byte[] tail = tail(jsonObject);
        int head = jsonObject.length - 1;
        byte[] line = Arrays.copyOf(jsonObject, head + tail.length);
        System.arraycopy(tail, 0, line, head, tail.length);
        return line;
    }

    /**
     * What ends the line of a serialised JSON object in place of its closing brace: {@code ,"prev_hash":"..."}}
     * (without the comma for {@code {}}). Advances the chain to that line, i.e. all of {@code jsonObject} but its
     * last byte, followed by the tail: the caller writes exactly these bytes, without building the line.
     */
    public byte[] tail(byte[] jsonObject) {
        int end = jsonObject.length - 1;
        if (end < 1 || jsonObject[0] != '{' || jsonObject[end] != '}') {
            throw new IllegalArgumentException("a decision log entry must be one serialised JSON object");
        }
        boolean empty = end == 1;
        int fieldLength = empty ? FIELD.length - 1 : FIELD.length;
        byte[] tail = new byte[fieldLength + previous.length + 2];
        System.arraycopy(FIELD, empty ? 1 : 0, tail, 0, fieldLength);
        System.arraycopy(previous, 0, tail, fieldLength, previous.length);
        tail[tail.length - 2] = '"';
        tail[tail.length - 1] = '}';
        digest.update(jsonObject, 0, end);
        digest.update(tail);
        try {
            digest.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest does not fit 32 bytes", e);
        }
        for (int i = 0; i < hash.length; i++) {
            previous[2 * i] = HEX[(hash[i] >> 4) & 0xF];
            previous[2 * i + 1] = HEX[hash[i] & 0xF];
        }
        return tail;
    }

    /** Lower-case hex SHA-256 of one line (without its newline). */
    public static String hashOf(byte[] line) {
        return HexFormat.of().formatHex(sha256().digest(line));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
