package com.aibang.egress.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Lets a spliced tunnel direction wake its event loop once per {@link #LOW_WATER_BYTES} instead of once per arriving
 * piece: after each read the socket's receive low-water mark ({@code SO_RCVLOWAT}) goes up, so the kernel reports it
 * readable only when that much is queued (or at its end of input), and {@link #HOLD_MICROS} later it goes back to one
 * byte, which (the kernel re-checks readiness when the mark changes) hands over whatever smaller tail arrived meanwhile.
 * Why: a TLS server writes 16 KiB records; without this a splice relay woke for nearly every record (measured in a
 * CONNECT download: ~65 KiB per wake-up against ~750 KiB for a plain-HTTP body, three times the CPU per byte). A
 * piece that arrives right after a read waits at most {@link #HOLD_MICROS}; the first after a quiet spell does not wait.
 */
final class SpliceReadBatching {

    /** Queued bytes that make a raised socket readable: a quarter of a splice pipe. */
    static final int LOW_WATER_BYTES = 256 * 1024;

    /** How long a raised mark stays: bounds the delay of a small piece that arrives right after a read. */
    static final long HOLD_MICROS = 1000;

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVLOWAT = 18;
    private static final IntegerUnixChannelOption LOW_WATER =
            new IntegerUnixChannelOption("SO_RCVLOWAT", SOL_SOCKET, SO_RCVLOWAT);
    private static final Logger LOG = Logger.getLogger(SpliceReadBatching.class);

    private static final long HOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(HOLD_MICROS);

    private final Channel source;
    /**
     * {@link System#nanoTime()} of the previous read; a mark is raised only when reads come closer than twice the hold
     * (the read a lowered mark lets through comes one hold after the previous one in a steady flow).
     */
    private long lastRead;
    private boolean raised;
    private boolean lowering;
    /** The kernel refused the option once: this direction reads as before. */
    private boolean off;

    /** For the socket {@code source} that now splices (call on its event loop). */
    SpliceReadBatching(Channel source) {
        this.source = source;
        this.lastRead = System.nanoTime(); // it starts splicing because bulk is flowing
    }

    /**
     * After a read of the spliced direction: when reads come in quick succession, raise the mark (if not raised) and
     * make sure it comes down again. A direction that trickles (a read now and then) keeps the one-byte mark and pays
     * nothing.
     */
    void afterRead() {
        long now = System.nanoTime();
        boolean busy = now - lastRead < 2 * HOLD_NANOS;
        lastRead = now;
        if (off || !busy || !source.isActive()) {
            return;
        }
        if (!raised) {
            if (!set(LOW_WATER_BYTES)) {
                return;
            }
            raised = true;
        }
        if (!lowering) {
            lowering = true;
            source.eventLoop().schedule(this::lower, HOLD_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    private void lower() {
        lowering = false;
        if (raised && source.isOpen()) {
            raised = false;
            set(1);
        }
    }

    private boolean set(int bytes) {
        try {
            if (source.config().setOption(LOW_WATER, bytes)) {
                return true;
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "tunnel %s: SO_RCVLOWAT %d refused", source.remoteAddress(), bytes);
        }
        off = true;
        return false;
    }
}
