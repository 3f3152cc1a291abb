package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.SpliceBatchSettings;
import io.netty.channel.Channel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Lets a spliced tunnel direction wake its event loop once per batch of bytes instead of once per arriving piece:
 * while bulk flows, the socket's receive low-water mark ({@code SO_RCVLOWAT}) goes up to
 * {@link SpliceBatchSettings#bytes} after a read, so the kernel reports it readable only when that much is queued (or
 * at its end of input), and {@link SpliceBatchSettings#hold} later it goes back to one byte, which (the kernel
 * re-checks readiness when the mark changes) hands over whatever smaller tail arrived meanwhile.
 * Why: a TLS server writes 16 KiB records; without this a splice relay woke for nearly every record (measured in a
 * CONNECT download: ~65 KiB per wake-up against ~750 KiB for a plain-HTTP body, three times the CPU per byte). Each
 * wake-up of a relay costs a context switch and a round of Netty's splice bookkeeping; a 256 KiB mark still woke both
 * tiers ~210-270 times per 100 MB, a 2 MiB one ~80-90 times (session 7; lowering the mark one hold after the last
 * bulk read instead of after the first one did not cut that further: the 1 MiB pipe and the writes drive the rest).
 * "Bulk" means: this read and the one before came less than two holds apart and moved at least
 * {@link #BULK_BYTES} together. A direction that trickles, or exchanges small messages however quickly, keeps the
 * one-byte mark and pays nothing; a piece right after a bulk read waits at most the hold. (Session 6's version raised
 * the mark for any two reads less than two holds apart: keep-alive HTTPS requests of 1 KiB right after a download
 * through both tiers then took ~1.2 ms each instead of ~0.1-0.2 ms.)
 */
final class SpliceReadBatching {

    /** What two consecutive reads must move together before the mark goes up: four TLS records. */
    static final long BULK_BYTES = 64 * 1024;

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVLOWAT = 18;
    static final IntegerUnixChannelOption LOW_WATER =
            new IntegerUnixChannelOption("SO_RCVLOWAT", SOL_SOCKET, SO_RCVLOWAT);
    private static final Logger LOG = Logger.getLogger(SpliceReadBatching.class);

    private final Channel source;
    private final int lowWaterBytes;
    private final long holdNanos;
    /** {@link System#nanoTime()} of the previous read. */
    private long lastRead;
    /** Bytes spliced since the previous read ended, and what that read moved. */
    private long movedNow;
    private long movedBefore;
    private boolean raised;
    private boolean lowering;
    /** The kernel refused the option once: this direction reads as before. */
    private boolean off;

    /**
     * For the socket {@code source} that now splices (call on its event loop), batching as {@code settings} say
     * (which must be {@link SpliceBatchSettings#enabled()}).
     */
    SpliceReadBatching(Channel source, SpliceBatchSettings settings) {
        this.source = source;
        this.lowWaterBytes = settings.bytes();
        this.holdNanos = settings.hold().toNanos();
        this.lastRead = System.nanoTime();
    }

    /** Bytes one splice call moved out of the socket (on the event loop, before {@link #afterRead}). */
    void spliced(long bytes) {
        movedNow += bytes;
    }

    /**
     * After a read of the spliced direction: while bulk flows, raise the mark (if not raised) and make sure it comes
     * down again.
     */
    void afterRead() {
        long now = System.nanoTime();
        boolean bulk = now - lastRead < 2 * holdNanos && movedNow + movedBefore >= BULK_BYTES;
        lastRead = now;
        movedBefore = movedNow;
        movedNow = 0;
        if (off || !bulk || !source.isActive()) {
            return;
        }
        if (!raised) {
            if (!set(lowWaterBytes)) {
                return;
            }
            raised = true;
        }
        if (!lowering) {
            lowering = true;
            source.eventLoop().schedule(this::lower, holdNanos, TimeUnit.NANOSECONDS);
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
