package com.aibang.egress.rego.bundle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Revision of a bundle: SHA-256 over every loaded file in relative-path order, each contributing
 * its UTF-8 revision key (the relative path; "N:" + relative path for the N-th of several roots),
 * a NUL byte, its content length as 8 big-endian bytes, then its content. The length prefix keeps
 * "a" + "bc" and "ab" + "c" apart. Same files, same revision, on any machine and mount point.
 */
final class BundleRevision {

    static final int SHORT_LENGTH = 12;

    private BundleRevision() {
    }

    /** Lower-case hex SHA-256 of the files, in the given order (roots in order, each sorted by relative path). */
    static String of(List<BundleFile> sortedFiles) {
        MessageDigest digest = sha256();
        for (BundleFile file : sortedFiles) {
            digest.update(file.revisionKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(file.content().length).array());
            digest.update(file.content());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
