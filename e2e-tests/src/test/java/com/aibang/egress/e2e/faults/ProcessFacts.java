package com.aibang.egress.e2e.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says about a process: resident memory, open-file limit, open descriptors. */
final class ProcessFacts {
    private ProcessFacts() {
    }

    /** VmRSS of {@code pid} in KiB. */
    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Soft limit on open files of {@code pid} ("self" for this JVM), or -1 when unlimited. */
    static long openFileLimit(String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        throw new IOException("no open-file limit in /proc/" + pid + "/limits");
    }

    static long openDescriptors(long pid) throws IOException {
        try (var entries = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return entries.count();
        }
    }
}
