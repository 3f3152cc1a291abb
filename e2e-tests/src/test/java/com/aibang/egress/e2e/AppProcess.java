package com.aibang.egress.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus app started as a real process, configured with -D properties like an operator would. */
public final class AppProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** JVM flags every app starts with, as in production (set by the pom from the JDK's profile). */
    private static final String JVM_FLAGS_PROPERTY = "e2e.jvm.flags";

    private final String name;
    private final Process process;
    private final Path log;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code <repo>/<module>/target/quarkus-app/quarkus-run.jar} and waits until {@code readyPort} accepts connections. */
    public static AppProcess start(Path repoRoot, String module, Map<String, String> properties, Path logDir, int readyPort)
            throws IOException, InterruptedException {
        return start(repoRoot, module, module, properties, logDir, readyPort);
    }

    /** Like {@link #start(Path, String, Map, Path, int)}, logging to {@code <name>.log}, so two instances of one module keep apart. */
    public static AppProcess start(Path repoRoot, String module, String name, Map<String, String> properties, Path logDir,
            int readyPort) throws IOException, InterruptedException {
        Path jar = repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw -B verify` from the repository root so the apps are packaged first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        for (String flag : System.getProperty(JVM_FLAGS_PROPERTY, "").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                command.add(flag);
            }
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        AppProcess app = new AppProcess(name, process, log);
        app.awaitPort(readyPort);
        return app;
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        if (!LoopbackPorts.awaitListening(process, port, START_TIMEOUT,
                () -> name + " exited with " + process.exitValue() + " during startup:\n" + logTail())) {
            close();
            throw new IllegalStateException(name + " did not listen on " + port + " within " + START_TIMEOUT + ":\n" + logTail());
        }
    }

    /** The last lines the process printed, for failure messages. */
    public String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Operating-system process id, e.g. to read its memory from /proc. */
    public long pid() {
        return process.pid();
    }

    /** Where the process's output goes. */
    public Path log() {
        return log;
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hooks, no draining. Returns once it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 30 s");
        }
    }

    /** Sends SIGTERM (a graceful Quarkus shutdown) and waits; kills only if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
