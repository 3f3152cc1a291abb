package com.aibang.egress.decisionlog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Chains and writes decision log lines to every sink. The chain starts from the last line of an
 * existing file (so a restart continues it) or from {@link HashChain#SEED}. A line a sink cannot
 * take is counted in {@link #writeFailures()}; the chain still advances, so the gap is detectable.
 */
public final class DecisionLogWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final List<LogSink> sinks;
    private final HashChain chain;
    private final AtomicLong writeFailures = new AtomicLong();

    public DecisionLogWriter(List<LogSink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("the decision log needs at least one output (stdout or a file)");
        }
        this.sinks = List.copyOf(sinks);
        this.chain = new HashChain(startOfChain(sinks));
    }

    /** Lines to standard output only. */
    public static DecisionLogWriter toStdout() {
        return new DecisionLogWriter(List.of(new StdoutSink()));
    }

    /** Lines appended to {@code file}, never rotated; missing parent directories are created. */
    public static DecisionLogWriter toFile(Path file) {
        return new DecisionLogWriter(List.of(new RotatingFileSink(file, 0, 1)));
    }

    /** Serialises an entry to one JSON object (no newline); field order kept, numbers exact. */
    public static byte[] serialize(Map<String, Object> entry) {
        try {
            return JSON.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision log entry cannot be serialised: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the fields of one entry, in order, to a JSON generator (values of any type via {@code writeObject}). */
    @FunctionalInterface
    public interface EntryFields {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * Serialises an entry written field by field, without building a map first (the decision log's hot path);
     * the same bytes as {@link #serialize(Map)} of a map holding the same fields in the same order.
     */
    public static byte[] serialize(EntryFields fields) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(JSON.getFactory()._getBufferRecycler());
        try {
            try (JsonGenerator json = JSON.createGenerator(bytes)) {
                json.writeStartObject();
                fields.write(json);
                json.writeEndObject();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("decision log entry cannot be serialised: " + e.getMessage(), e);
        } finally {
            // close() keeps the first block; release() hands it back to the (per-thread) recycler for the next
            // entry instead of leaving a 2 KB array as garbage per entry.
            bytes.release();
        }
    }

    /** Where lines go, e.g. "stdout, /var/log/decisions.log". */
    public String target() {
        return sinks.stream().map(LogSink::target).collect(Collectors.joining(", "));
    }

    /** Chains, writes and flushes one entry (synchronous use: tools, tests). */
    public void write(Map<String, Object> entry) {
        writeSerialized(serialize(entry));
        flush();
    }

    /**
     * Chains one serialised entry and hands it to every sink (buffered until {@link #flush()});
     * every sink is tried, and a failure of any is counted and then thrown.
     */
    public synchronized void writeSerialized(byte[] jsonObject) {
        byte[] tail = chain.tail(jsonObject);
        int head = jsonObject.length - 1;
        forEachSink(sink -> sink.write(jsonObject, head, tail), "write");
    }

    public synchronized void flush() {
        forEachSink(LogSink::flush, "flush");
    }

    private void forEachSink(SinkAction action, String verb) {
        UncheckedIOException failure = null;
        for (LogSink sink : sinks) {
            try {
                action.apply(sink);
            } catch (IOException e) {
                writeFailures.incrementAndGet();
                failure = new UncheckedIOException("cannot " + verb + " decision log " + sink.target() + ": "
                        + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private interface SinkAction {
        void apply(LogSink sink) throws IOException;
    }

    /** Entries (or flushes) a sink could not take since start. */
    public long writeFailures() {
        return writeFailures.get();
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (LogSink sink : sinks) {
            try {
                sink.flush();
                sink.close();
            } catch (IOException e) {
                writeFailures.incrementAndGet();
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String startOfChain(List<LogSink> sinks) {
        for (LogSink sink : sinks) {
            if (sink instanceof RotatingFileSink file) {
                try {
                    Optional<byte[]> last = file.lastLine();
                    if (last.isPresent()) {
                        return HashChain.hashOf(last.get());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the end of decision log " + file.target()
                            + " to continue its hash chain: " + e.getMessage(), e);
                }
            }
        }
        return HashChain.SEED;
    }
}
