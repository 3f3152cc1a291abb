package com.aibang.egress.e2e.interop;

import com.aibang.egress.e2e.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Squid run in the foreground ({@code squid -N}) from a config the test writes into its own directory: pid file,
 * logs and hosts file there, no cache, loopback only. As root Squid drops to its effective user (Debian: {@code proxy}),
 * so the directory is handed to that user.
 */
final class SquidProcess implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("e2e.squid", "/usr/sbin/squid"));
    static final String INSTALL_HINT = BINARY + " not found: apt-get install -y squid (.ci/run does)";
    private static final String SQUID_USER = "proxy";
    private static final long START_MILLIS = 30_000;

    private final Path dir;
    private final Process process;
    private final Path keepLogsIn;
    private final String name;

    private SquidProcess(Path dir, Process process, Path keepLogsIn, String name) {
        this.dir = dir;
        this.process = process;
        this.keepLogsIn = keepLogsIn;
        this.name = name;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Writes {@code squid.conf} (the common part plus {@code rules}: ACLs, http_access, peers) and starts Squid on
     * 127.0.0.1:{@code port}; names resolve only from {@code hostsFile}, DNS goes nowhere but loopback. Its logs are
     * copied to {@code keepLogsIn} when it stops.
     */
    static SquidProcess start(String name, int port, Path hostsFile, String rules, Path keepLogsIn)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("e2e-squid-" + name + "-");
        Path hosts = Files.copy(hostsFile, dir.resolve("hosts"));
        Path conf = dir.resolve("squid.conf");
        Files.writeString(conf, """
                http_port 127.0.0.1:%2$d
                visible_hostname %3$s
                pid_filename %1$s/squid.pid
                cache_log %1$s/cache.log
                access_log stdio:%1$s/access.log squid
                coredump_dir %1$s
                hosts_file %4$s
                # Names come from the hosts file; a lookup that misses must not leave the machine.
                dns_nameservers 127.0.0.1
                cache deny all
                shutdown_lifetime 1 seconds
                max_filedescriptors 4096
                %5$s
                """.formatted(dir, port, name, hosts, rules));
        handToSquidUser(dir);
        Process process = new ProcessBuilder(BINARY.toString(), "-N", "-f", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        SquidProcess squid = new SquidProcess(dir, process, keepLogsIn, name);
        squid.awaitPort(port);
        return squid;
    }

    /** Root runs Squid as its effective user, which must own the directory; others run it as themselves. */
    private static void handToSquidUser(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> files = Files.walk(dir)) {
            paths = files.toList();
        }
        for (Path path : paths) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SQUID_USER);
        for (Path path : paths) {
            Files.setOwner(path, user);
        }
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        if (!LoopbackPorts.awaitListening(process, port, Duration.ofMillis(START_MILLIS),
                () -> "squid exited with " + process.exitValue() + " during startup:\n" + diagnostics())) {
            close();
            throw new IllegalStateException("squid did not listen on " + port + " within " + START_MILLIS + " ms:\n" + diagnostics());
        }
    }

    /** Squid's access log so far (it may lag a little behind the traffic: Squid buffers it). */
    String accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** stdout and cache.log, for failure messages. */
    String diagnostics() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("stdout.log", "cache.log")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                text.append("--- ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
            }
        }
        return text.toString();
    }

    /** SIGTERM (Squid waits shutdown_lifetime), keeps the logs, then removes the directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.createDirectories(keepLogsIn);
        for (String log : List.of("cache.log", "access.log", "stdout.log", "squid.conf")) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(dir.resolve(log), keepLogsIn.resolve("squid-" + name + "-" + log),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
