package com.aibang.egress.proxy;

import java.time.Duration;

/**
 * How a spliced tunnel direction batches its wake-ups while bulk flows ({@code <tier>.splice.read-batch-*}, see
 * {@link ProxyTierConfig.Splice}): one setting per process, like the pipe sizes.
 *
 * @param bytes the receive low-water mark a busy spliced socket gets (queued bytes that wake the relay); 0 turns
 *     batching off (every arriving piece wakes the relay)
 * @param hold how long a raised mark stays up: the longest a piece arriving right after a read waits
 */
public record SpliceBatchSettings(int bytes, Duration hold) {

    /** Largest mark asked for (the kernel caps it at half of net.ipv4.tcp_rmem's maximum anyway). */
    public static final int MAX_BYTES = 64 << 20;
    /** Smallest mark worth raising: four TLS records. */
    public static final int MIN_BYTES = 64 << 10;
    /** Longest hold: the tail of every bulk transfer waits up to this long at each tier. */
    public static final Duration MAX_HOLD = Duration.ofMillis(100);

    /** The defaults of {@link ProxyTierConfig.Splice}. */
    public static final SpliceBatchSettings DEFAULTS = new SpliceBatchSettings(ProxyTierConfig.SPLICE_READ_BATCH_BYTES,
            Duration.ofMillis(ProxyTierConfig.SPLICE_READ_BATCH_HOLD_MILLIS));

    private static volatile SpliceBatchSettings current = DEFAULTS;

    public SpliceBatchSettings {
        check("splice read batch bytes", "splice read batch hold", bytes, hold);
    }

    /** The settings under {@code prefix} (e.g. {@code edge}); a bad value is refused naming its property. */
    public static SpliceBatchSettings from(String prefix, ProxyTierConfig config) {
        ProxyTierConfig.Splice splice = config.splice();
        check(prefix + ".splice.read-batch-bytes", prefix + ".splice.read-batch-hold", splice.readBatchBytes(),
                splice.readBatchHold());
        return new SpliceBatchSettings(splice.readBatchBytes(), splice.readBatchHold());
    }

    /** True when spliced directions batch their reads at all. */
    public boolean enabled() {
        return bytes > 0;
    }

    /** What tunnels that start splicing from now on get (directions already splicing keep theirs). */
    public void apply() {
        current = this;
    }

    /** The settings in force: the last applied, {@link #DEFAULTS} before any. */
    public static SpliceBatchSettings current() {
        return current;
    }

    private static void check(String bytesName, String holdName, int bytes, Duration hold) {
        if (bytes != 0 && (bytes < MIN_BYTES || bytes > MAX_BYTES)) {
            throw new IllegalArgumentException(bytesName + " must be 0 (no batching) or from " + MIN_BYTES + " to "
                    + MAX_BYTES + ", got " + bytes);
        }
        if (hold == null || hold.isNegative() || hold.isZero() || hold.compareTo(MAX_HOLD) > 0) {
            throw new IllegalArgumentException(holdName + " must be positive and at most " + MAX_HOLD.toMillis()
                    + "ms, got " + hold);
        }
    }
}
