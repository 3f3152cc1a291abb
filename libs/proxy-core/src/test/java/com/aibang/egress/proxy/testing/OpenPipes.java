package com.aibang.egress.proxy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open pipes: splice(2) relays keep one per receiving connection, so tests can see splicing. */
public final class OpenPipes {

    private OpenPipes() {
    }

    /** Pipes open in this process right now (Linux /proc). */
    public static long count() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }
}
