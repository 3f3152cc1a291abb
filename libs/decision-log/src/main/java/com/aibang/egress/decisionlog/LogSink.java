package com.aibang.egress.decisionlog;

import java.io.Closeable;
import java.io.IOException;

/** Where decision log lines go (stdout, a rotated file); lines arrive whole, without newline. */
public interface LogSink extends Closeable {

    /** Writes one line followed by a newline; may buffer until {@link #flush()}. */
    void write(byte[] line) throws IOException;

    void flush() throws IOException;

    /** "stdout" or the absolute file path, for messages. */
    String target();
}
