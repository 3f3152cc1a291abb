package com.aibang.egress.decisionlog;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the last newline-terminated line of a file from its end, however long the file is. */
final class LastLine {

    private static final int BLOCK = 8192;

    private LastLine() {
    }

    static Optional<byte[]> of(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            // Skip the final newline, or an unterminated tail that is not a complete line.
            long lineEnd = lastNewline(raf, end);
            if (lineEnd < 0) {
                return Optional.empty();
            }
            long lineStart = lastNewline(raf, lineEnd) + 1;
            byte[] line = new byte[Math.toIntExact(lineEnd - lineStart)];
            raf.seek(lineStart);
            raf.readFully(line);
            return line.length == 0 ? Optional.empty() : Optional.of(line);
        }
    }

    /** Position of the last '\n' before {@code before}, or -1. */
    private static long lastNewline(RandomAccessFile raf, long before) throws IOException {
        byte[] block = new byte[BLOCK];
        long position = before;
        while (position > 0) {
            int length = (int) Math.min(BLOCK, position);
            position -= length;
            raf.seek(position);
            raf.readFully(block, 0, length);
            for (int i = length - 1; i >= 0; i--) {
                if (block[i] == '\n') {
                    return position + i;
                }
            }
        }
        return -1;
    }
}
