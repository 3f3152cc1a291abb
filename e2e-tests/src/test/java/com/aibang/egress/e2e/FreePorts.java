package com.aibang.egress.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Finds loopback ports nobody listens on, so tests never collide with 3128 or 8080 held elsewhere. */
public final class FreePorts {
    /**
     * Every port handed out in this JVM: a port is only bound later by a child process, so the kernel
     * may offer it again in between; remembering them keeps two chains (or two parts of one) apart.
     */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A free loopback port this JVM has not handed out before. */
    public static synchronized int next() {
        while (true) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
