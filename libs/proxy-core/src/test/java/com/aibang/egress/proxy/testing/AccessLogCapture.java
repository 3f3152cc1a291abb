package com.aibang.egress.proxy.testing;

import com.aibang.egress.proxy.AccessLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the proxy's access lines, one per entry, through java.util.logging (the JBoss LogManager in tests). */
public final class AccessLogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(AccessLog.CATEGORY);

    public AccessLogCapture() {
        logger.addHandler(this);
    }

    /** The lines captured, after every line written so far has left the proxy's writer queue. */
    public List<String> lines() {
        AccessLog.awaitWritten(Duration.ofSeconds(10));
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters);
        // The writer hands over batches of lines joined by newlines; tests want one entry per line.
        lines.addAll(List.of(message.split("\n")));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
