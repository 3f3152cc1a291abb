package com.aibang.egress.decisionlog;

import java.io.Closeable;
import java.io.IOException;

/** Where decision log lines go (stdout, a rotated file); lines arrive whole, without newline. */
public interface LogSink extends Closeable {

    /** Writes one line followed by a newline; may buffer until {@link #flush()}. */
    void write(byte[] line) throws IOException;

    /**
     * Writes the line {@code head[0..headLength)} followed by {@code tail} (a hash chain's end of line, see
     * {@link HashChain#tail}) and a newline, without the caller building the line.
     */
    default void write(byte[] head, int headLength, byte[] tail) throws IOException {
        byte[] line = java.util.Arrays.copyOf(head, headLength + tail.length);
        System.arraycopy(tail, 0, line, headLength, tail.length);
        write(line);
    }

    void flush() throws IOException;

    /** "stdout" or the absolute file path, for messages. */
    String target();
}
