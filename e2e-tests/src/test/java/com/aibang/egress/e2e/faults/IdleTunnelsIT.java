package com.aibang.egress.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.e2e.AppProcess;
import com.aibang.egress.e2e.Chain;
import com.aibang.egress.e2e.Resources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of CONNECT tunnels through both tiers to a local echo server, held idle: all must stay open end to end; the
 * resident memory they cost each proxy is printed. Each tunnel takes two descriptors in this JVM (client and echo side)
 * and two in each proxy, so the count is lowered, and says so, when the open-file limit is too small for 5,000.
 */
class IdleTunnelsIT {
    private static final int WANTED = 5000;
    private static final int WARM_UP = 200;
    /** Descriptors kept free for jars, sockets and pipes that are not tunnels. */
    private static final int RESERVE = 1000;
    private static final int OPENERS = 16;
    private static final int HOLD_MILLIS = 5000;
    /** Sources spread over a few loopback addresses, like pods of one namespace. */
    private static final int SOURCES = 10;

    @TempDir
    Path work;
    private FaultChain setup;
    private EchoServer echo;
    private final List<Socket> tunnels = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(tunnels);
        all.add(setup);
        all.add(echo);
        Resources.closeAll(all.toArray(AutoCloseable[]::new));
    }

    @Test
    @Timeout(300)
    void thousandsOfIdleTunnelsAreHeldAndTheirMemoryIsReported() throws Exception {
        echo = new EchoServer();
        setup = FaultChain.prepare(work, echo.port()).patientDeadlines();
        Chain chain = setup.chain();
        chain.edgeProperty("edge.limits.max-connections-per-source", String.valueOf(WANTED))
                .edgeProperty("edge.limits.tunnel-idle-timeout", "10m")
                .egressProperty("egress.idle-timeout", "10m");
        setup.start();
        AppProcess edge = chain.edge();
        AppProcess egress = chain.egress();

        long fdLimit = Math.min(ProcessFacts.openFileLimit("self"),
                Math.min(ProcessFacts.openFileLimit(String.valueOf(edge.pid())), ProcessFacts.openFileLimit(String.valueOf(egress.pid()))));
        int count = fdLimit < 0 ? WANTED : (int) Math.min(WANTED, (fdLimit - RESERVE) / 2);
        if (count < WANTED) {
            System.out.printf("[fault:idle-tunnels] open-file limit %d allows %d tunnels, not %d (raise `ulimit -n`)%n",
                    fdLimit, count, WANTED);
        }
        assertTrue(count >= WARM_UP, "open-file limit " + fdLimit + " is too small for this test");

        // Warm both proxies' code paths and pools, then forget those tunnels; the baseline is taken after.
        tunnels.add(openWhenReady());
        openTunnels(WARM_UP - 1, 1);
        for (Socket tunnel : tunnels) {
            tunnel.close();
        }
        tunnels.clear();
        awaitEchoConnections(0);
        long edgeBefore = ProcessFacts.rssKib(edge.pid());
        long egressBefore = ProcessFacts.rssKib(egress.pid());
        boolean collected = ProcessFacts.fullGc(edge.pid()) && ProcessFacts.fullGc(egress.pid());
        long edgeBeforeGc = ProcessFacts.rssKib(edge.pid());
        long egressBeforeGc = ProcessFacts.rssKib(egress.pid());

        long openStart = System.nanoTime();
        openTunnels(count, WARM_UP);
        long openMillis = (System.nanoTime() - openStart) / 1_000_000;
        awaitEchoConnections(count);
        Thread.sleep(HOLD_MILLIS);
        long edgeAfter = ProcessFacts.rssKib(edge.pid());
        long egressAfter = ProcessFacts.rssKib(egress.pid());
        long edgeFds = ProcessFacts.openDescriptors(edge.pid());
        long egressFds = ProcessFacts.openDescriptors(egress.pid());
        collected &= ProcessFacts.fullGc(edge.pid()) && ProcessFacts.fullGc(egress.pid());
        long edgeAfterGc = ProcessFacts.rssKib(edge.pid());
        long egressAfterGc = ProcessFacts.rssKib(egress.pid());

        assertEquals(count, echo.openConnections(), "tunnels reaching the echo server after the idle hold");
        int alive = 0;
        for (int i = 0; i < tunnels.size(); i++) {
            roundTrip(tunnels.get(i), "held-" + i);
            alive++;
        }
        System.out.printf("[fault:idle-tunnels] %d tunnels opened in %d ms, held idle %d ms, all %d echo after the hold;"
                        + " RSS edge %d -> %d MiB (%.1f KiB/tunnel, %d fds), egress %d -> %d MiB (%.1f KiB/tunnel, %d fds),"
                        + " both tiers %.1f KiB/tunnel%n", count, openMillis, HOLD_MILLIS, alive,
                edgeBefore / 1024, edgeAfter / 1024, (edgeAfter - edgeBefore) / (double) count, edgeFds,
                egressBefore / 1024, egressAfter / 1024, (egressAfter - egressBefore) / (double) count, egressFds,
                (edgeAfter - edgeBefore + egressAfter - egressBefore) / (double) count);
        if (collected) {
            System.out.printf("[fault:idle-tunnels] measured again after a full GC in both proxies (jcmd GC.run): edge %d -> %d MiB"
                            + " (%.1f KiB/tunnel), egress %d -> %d MiB (%.1f KiB/tunnel), both tiers %.1f KiB/tunnel%n",
                    edgeBeforeGc / 1024, edgeAfterGc / 1024, (edgeAfterGc - edgeBeforeGc) / (double) count,
                    egressBeforeGc / 1024, egressAfterGc / 1024, (egressAfterGc - egressBeforeGc) / (double) count,
                    (edgeAfterGc - edgeBeforeGc + egressAfterGc - egressBeforeGc) / (double) count);
        }
        assertEquals(count, alive);
        assertTrue(edge.isAlive() && egress.isAlive());
    }

    private void openTunnels(int count, int offset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(OPENERS);
        try {
            List<Future<?>> openers = new ArrayList<>();
            for (int t = 0; t < OPENERS; t++) {
                int first = t;
                openers.add(pool.submit(() -> {
                    for (int i = first; i < count; i += OPENERS) {
                        tunnels.add(open(offset + i));
                    }
                    return null;
                }));
            }
            for (Future<?> opener : openers) {
                opener.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The first tunnel, retried while the cold chain still refuses (503). */
    private Socket openWhenReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return open(0);
            } catch (AssertionError refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(200);
            }
        }
    }

    /** CONNECT through the edge from one of the pod addresses, then one echo round trip so the far end is known to be up. */
    private Socket open(int index) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress("127.0.1." + (1 + index % SOURCES), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", setup.chain().edgePort), 10_000);
            socket.setSoTimeout(30_000);
            ProxyReply reply = ProxyReply.connect(socket, FaultChain.ALLOWED, echo.port());
            if (reply.status() != 200) {
                throw new AssertionError("tunnel " + index + " refused: " + reply);
            }
            roundTrip(socket, "open-" + index);
            return socket;
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    private static void roundTrip(Socket socket, String text) throws IOException {
        byte[] ping = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(ping);
        socket.getOutputStream().flush();
        byte[] back = socket.getInputStream().readNBytes(ping.length);
        assertEquals(text + "\n", new String(back, StandardCharsets.US_ASCII), "echo through the tunnel");
    }

    private void awaitEchoConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (echo.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
