package com.aibang.egress.proxy.testing;

import com.aibang.egress.proxy.AccessLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    /** The first captured line containing {@code text}, waiting up to 20 s for it to be written. */
    public String awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access line containing " + text);
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
