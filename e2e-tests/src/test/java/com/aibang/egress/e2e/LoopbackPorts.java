package com.aibang.egress.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Whether something listens on a loopback port, and waiting for a process the tests started to listen on its own. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** Text for a failure message, e.g. the last lines of the process's log. */
    @FunctionalInterface
    public interface Diagnostics {
        String text() throws IOException;
    }

    /** True if 127.0.0.1:{@code port} accepts a connection now. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns true once 127.0.0.1:{@code port} accepts a connection, false when {@code timeout} passed first (the caller
     * stops the process); throws, with {@code exited} as the message, when the process exits before it listens.
     */
    public static boolean awaitListening(Process process, int port, Duration timeout, Diagnostics exited)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(exited.text());
            }
            if (accepts(port)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
