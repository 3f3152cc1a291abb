package com.aibang.egress.decisionlog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Lines to the process' standard output (GKE ships it to Cloud Logging). Buffered so only whole
 * lines reach System.out, whose own lock keeps them apart from application log lines.
 */
public final class StdoutSink implements LogSink {

    private final OutputStream out = new BufferedOutputStream(System.out, 1 << 16);

    @Override
    public synchronized void write(byte[] line) throws IOException {
        out.write(line);
        out.write('\n');
    }

    @Override
    public synchronized void write(byte[] head, int headLength, byte[] tail) throws IOException {
        out.write(head, 0, headLength);
        out.write(tail);
        out.write('\n');
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public String target() {
        return "stdout";
    }

    /** Flushes; standard output itself stays open. */
    @Override
    public synchronized void close() throws IOException {
        out.flush();
    }
}
