package com.aibang.egress.decisionlog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Names of a rotated decision log: the active FILE and its backups FILE.1 (newest) ... FILE.N
 * (oldest). The writer ({@link RotatingFileSink}) and every reader use this one definition.
 */
public final class RotatedFiles {

    private RotatedFiles() {
    }

    /** FILE.index, e.g. decisions.log.1 for the newest backup. */
    public static Path backup(Path file, int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    /**
     * The files of the log at {@code file}, oldest first: every existing FILE.N (whatever N, so a
     * missing backup in the middle shows up as a broken chain instead of being skipped), then FILE
     * if it exists. Empty when none exists.
     */
    public static List<Path> oldestFirst(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path directory = absolute.getParent();
        String prefix = absolute.getFileName() + ".";
        TreeMap<Long, Path> backups = new TreeMap<>();
        if (directory != null && Files.isDirectory(directory)) {
            try (DirectoryStream<Path> siblings = Files.newDirectoryStream(directory)) {
                for (Path sibling : siblings) {
                    String name = sibling.getFileName().toString();
                    String suffix = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
                    if (isIndex(suffix) && Files.isRegularFile(sibling)) {
                        backups.put(Long.parseLong(suffix), file.resolveSibling(name));
                    }
                }
            }
        }
        List<Path> files = new ArrayList<>(backups.descendingMap().values());
        if (Files.isRegularFile(file)) {
            files.add(file);
        }
        return files;
    }

    private static boolean isIndex(String suffix) {
        return !suffix.isEmpty() && suffix.length() < 10 && suffix.chars().allMatch(c -> c >= '0' && c <= '9')
                && suffix.charAt(0) != '0';
    }
}
