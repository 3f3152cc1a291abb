package com.aibang.egress.policyservice.decision;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes one JSON object per line, each line written whole and flushed before returning, so the
 * decision is on record before the caller gets the answer. Used on its own stream, never
 * through the application log format.
 */
public final class DecisionLogWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final OutputStream out;
    private final boolean ownsStream;
    private final String target;

    private DecisionLogWriter(OutputStream out, boolean ownsStream, String target) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.target = target;
    }

    /** Lines go to the process' standard output (not closed on shutdown). */
    public static DecisionLogWriter toStdout() {
        return new DecisionLogWriter(System.out, false, "stdout");
    }

    /** Lines are appended to {@code file}; missing parent directories are created. */
    public static DecisionLogWriter toFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream stream = new BufferedOutputStream(new FileOutputStream(file.toFile(), true));
            return new DecisionLogWriter(stream, true, file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open decision log " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Where lines go: "stdout" or the absolute file path. */
    public String target() {
        return target;
    }

    /** Serialises the entry and writes it as one line; throws if it cannot be written. */
    public void write(Map<String, Object> entry) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision log entry cannot be serialised: " + e.getOriginalMessage(), e);
        }
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write decision log " + target + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (ownsStream) {
            out.close();
        } else {
            out.flush();
        }
    }
}
