package com.aibang.egress.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command, started on its own exactly as a newcomer would, proxies a request to a local upstream. */
class RunLocalScriptIT {
    /** The last line of the script's "running" message: everything the test reads from the message precedes it. */
    private static final String READY_LINE = "Stop: Ctrl-C";

    @TempDir
    Path runDir;

    @Test
    void runLocalScriptStartsTheChainProxiesALocalRequestAndStopsEverything() throws Exception {
        assumeTrue(Curl.available(), "curl is not installed: apt-get install -y curl (.ci/run does)");
        Path repoRoot = Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
        int edgePort = FreePorts.next();
        List<Integer> ports = List.of(edgePort, FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        ProcessBuilder builder = new ProcessBuilder("bash", repoRoot.resolve("run-local.sh").toString())
                .directory(repoRoot.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "EDGE_PORT", String.valueOf(ports.get(0)), "EGRESS_PORT", String.valueOf(ports.get(1)),
                "POLICY_GRPC_PORT", String.valueOf(ports.get(2)), "POLICY_HTTP_PORT", String.valueOf(ports.get(3)),
                "EDGE_HTTP_PORT", String.valueOf(ports.get(4)), "EGRESS_HTTP_PORT", String.valueOf(ports.get(5)),
                "RUN_DIR", runDir.toString()));
        Process script = builder.start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> follow(script, output, ready), "run-local-output");
        reader.setDaemon(true);
        reader.start();
        try (RecordingUpstream upstream = RecordingUpstream.plain("local-upstream")) {
            assertTrue(ready.get(180, TimeUnit.SECONDS), "run-local.sh never said it was running:\n" + output);
            assertTrue(output.toString().contains("HTTP_PROXY=http://127.0.0.1:" + edgePort), output.toString());

            Curl.Result result = Curl.get("127.0.0.1", edgePort, "http://localhost:" + upstream.port() + "/hello", null);
            assertEquals(200, result.httpStatus(), result.verbose() + "\n" + output);
            assertEquals("local-upstream /hello", result.body());
            assertEquals(1, upstream.count());
        } finally {
            script.destroy();
            assertTrue(script.waitFor(60, TimeUnit.SECONDS), "run-local.sh did not stop on SIGTERM");
        }
        for (int port : ports.subList(0, 3)) {
            assertFalse(listening(port), "port " + port + " still open after run-local.sh stopped");
        }
    }

    /** Reads the script's output to the end (so it never blocks on a full pipe), completing {@code ready} at the ready line. */
    private static void follow(Process script, StringBuilder output, CompletableFuture<Boolean> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.contains(READY_LINE)) {
                    ready.complete(true);
                }
            }
        } catch (IOException e) {
            output.append("(output unreadable: ").append(e.getMessage()).append(")\n");
        }
        ready.complete(false);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
