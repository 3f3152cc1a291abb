package com.aibang.egress.decisionlog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Streams the lines of decision log files given oldest first, without holding a whole file in memory. */
public final class DecisionLogLines {

    /** Receives lines in order; returns false to stop reading. */
    @FunctionalInterface
    public interface Visitor {
        boolean accept(LogLine line) throws IOException;
    }

    private DecisionLogLines() {
    }

    /** Visits every line of every file, in order; stops early when the visitor returns false. */
    public static void read(List<Path> filesOldestFirst, Visitor visitor) throws IOException {
        for (Path file : filesOldestFirst) {
            if (!readFile(file, visitor)) {
                return;
            }
        }
    }

    private static boolean readFile(Path file, Visitor visitor) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            long number = 0;
            int read;
            while ((read = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        if (!visitor.accept(new LogLine(file, ++number, line.toByteArray(), true))) {
                            return false;
                        }
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(chunk, start, read - start);
            }
            if (line.size() > 0) {
                return visitor.accept(new LogLine(file, ++number, line.toByteArray(), false));
            }
            return true;
        }
    }
}
