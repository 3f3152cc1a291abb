package com.aibang.egress.decisionlog;

import java.nio.charset.StandardCharsets;
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

    private String previous;
    /** One digest per chain: a chain is advanced by one writer at a time, and the provider lookup costs per line. */
    private final MessageDigest digest = sha256();

    /** @param previous hash of the line before the next one, or {@link #SEED} for a new chain. */
    public HashChain(String previous) {
        this.previous = previous;
    }

    /** The prev_hash the next line will carry. */
    public String previous() {
        return previous;
    }

    /**
     * Appends {@code "prev_hash":"..."} as the last field of a serialised JSON object and
     * advances the chain to the returned line.
     */
    public byte[] link(byte[] jsonObject) {
        int end = jsonObject.length - 1;
        if (end < 1 || jsonObject[0] != '{' || jsonObject[end] != '}') {
            throw new IllegalArgumentException("a decision log entry must be one serialised JSON object");
        }
        boolean empty = end == 1;
        byte[] hash = previous.getBytes(StandardCharsets.US_ASCII);
        int fieldLength = empty ? FIELD.length - 1 : FIELD.length;
        byte[] line = new byte[end + fieldLength + hash.length + 2];
        System.arraycopy(jsonObject, 0, line, 0, end);
        System.arraycopy(FIELD, empty ? 1 : 0, line, end, fieldLength);
        System.arraycopy(hash, 0, line, end + fieldLength, hash.length);
        line[line.length - 2] = '"';
        line[line.length - 1] = '}';
        previous = HexFormat.of().formatHex(digest.digest(line));
        return line;
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
