package com.aibang.egress.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the real curl binary through a proxy, from a chosen loopback source address. */
public final class Curl {
    private static final String STATUS_MARK = "\n#status ";

    /** Outcome of one curl run: HTTP status of the request, status of the proxy's CONNECT reply, body, verbose log. */
    public record Result(int exitCode, int httpStatus, int connectStatus, String body, String verbose) {
        /** A response header (from any response in the exchange, proxy replies included), matched case-insensitively. */
        public Optional<String> header(String name) {
            String prefix = "< " + name.toLowerCase(Locale.ROOT) + ":";
            return verbose.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim())
                    .reduce((first, second) -> second);
        }

        /** The status the proxy chain answered with: the CONNECT reply for tunnels, else the request's status. */
        public int proxyStatus() {
            return connectStatus != 0 ? connectStatus : httpStatus;
        }
    }

    /** How long a cold chain on a machine busy with a whole build may take to serve its first request. */
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private Curl() {
    }

    /** GETs {@code url} through the proxy from {@code sourceIp} until it is served (200): the chain is warm. */
    public static void awaitServed(String sourceIp, int proxyPort, String url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        Result last;
        do {
            last = get(sourceIp, proxyPort, url, null);
            if (last.httpStatus() == 200) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not served within " + READY_WAIT + ": " + url + "\n" + last.verbose());
    }

    public static boolean available() {
        try {
            return new ProcessBuilder("curl", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** GET {@code url} through {@code proxyPort} on 127.0.0.1, leaving from {@code sourceIp}, trusting {@code caPem} if given. */
    public static Result get(String sourceIp, int proxyPort, String url, Path caPem) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--verbose", "--max-time", "20",
                "--noproxy", "", "--proxy", "http://127.0.0.1:" + proxyPort, "--interface", sourceIp,
                "--write-out", STATUS_MARK + "%{http_code} %{http_connect}"));
        if (caPem != null) {
            command.add("--cacert");
            command.add(caPem.toString());
        }
        command.add(url);
        Process process = new ProcessBuilder(command).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String verbose = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("curl hung: " + command);
        }
        String out = new String(stdout, StandardCharsets.UTF_8);
        int mark = out.lastIndexOf(STATUS_MARK);
        String[] codes = out.substring(mark + STATUS_MARK.length()).trim().split(" ");
        return new Result(process.exitValue(), Integer.parseInt(codes[0]), Integer.parseInt(codes[1]),
                out.substring(0, mark), verbose);
    }
}
