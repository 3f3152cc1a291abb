package com.aibang.egress.decisionlog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One line of a decision log file: where it is (line numbers from 1 per file) and its exact bytes
 * without the newline. {@code terminated} is false for a last line without newline (cut short, or
 * still being written).
 */
public record LogLine(Path file, long number, byte[] bytes, boolean terminated) {

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** "FILE:LINE", how tools name a line. */
    public String location() {
        return file + ":" + number;
    }
}
