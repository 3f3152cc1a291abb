package com.aibang.egress.decisionlog;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Appends lines to a file; when the next line would take it past {@code maxBytes} the file is
 * renamed to FILE.1 (FILE.1 to FILE.2 ... up to FILE.maxBackups, the oldest dropped) and a new
 * FILE is started (names: {@link RotatedFiles}). Rotation never splits a line, and the hash chain simply continues in the new file.
 */
public final class RotatingFileSink implements LogSink {

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private OutputStream out;
    private long size;

    /**
     * @param maxBytes   rotate before a line would exceed this size; 0 = never rotate
     * @param maxBackups rotated files kept (FILE.1 newest); at least 1 when rotating
     */
    public RotatingFileSink(Path file, long maxBytes, int maxBackups) {
        if (maxBytes < 0 || (maxBytes > 0 && maxBackups < 1)) {
            throw new IllegalArgumentException("decision log rotation needs max-file-size >= 0 and max-backups >= 1, got "
                    + maxBytes + " and " + maxBackups);
        }
        this.file = file.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        try {
            Path parent = this.file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            open();
            if (size > 0 && !endsWithNewline(this.file)) {
                // A line cut short by a crash: end it so the next entry starts on its own line.
                out.write('\n');
                size++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open decision log " + this.file + ": " + e.getMessage(), e);
        }
    }

    /** The last complete line of the current file, to continue its hash chain after a restart. */
    public Optional<byte[]> lastLine() throws IOException {
        return LastLine.of(file);
    }

    @Override
    public synchronized void write(byte[] line) throws IOException {
        if (maxBytes > 0 && size > 0 && size + line.length + 1 > maxBytes) {
            rotate();
        }
        out.write(line);
        out.write('\n');
        size += line.length + 1L;
    }

    @Override
    public synchronized void write(byte[] head, int headLength, byte[] tail) throws IOException {
        long length = (long) headLength + tail.length;
        if (maxBytes > 0 && size > 0 && size + length + 1 > maxBytes) {
            rotate();
        }
        out.write(head, 0, headLength);
        out.write(tail);
        out.write('\n');
        size += length + 1;
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public String target() {
        return file.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 1 << 16);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(RotatedFiles.backup(file, maxBackups));
        for (int i = maxBackups - 1; i >= 1; i--) {
            Path from = RotatedFiles.backup(file, i);
            if (Files.exists(from)) {
                Files.move(from, RotatedFiles.backup(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, RotatedFiles.backup(file, 1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(raf.length() - 1);
            return raf.read() == '\n';
        }
    }
}
