package com.aibang.egress.proxy;

/**
 * Sizes of the pipes tunnels and response bodies are spliced through ({@code <tier>.splice.*}, see
 * {@link ProxyTierConfig.Splice}): one setting per process, since the kernel's pipe allowance is per user.
 *
 * @param pipeBytes bytes per splice pipe; 0 keeps the kernel's default (64 KiB)
 * @param budgetBytes most bytes of enlarged pipes open at once in this process
 */
public record SplicePipeSettings(int pipeBytes, long budgetBytes) {

    /** Smallest pipe the kernel makes: one page. */
    public static final int MIN_PIPE_BYTES = 4096;
    /** Largest pipe asked for: far above any pipe-max-size in use, and no overflow in the budget arithmetic. */
    public static final int MAX_PIPE_BYTES = 1 << 30;

    /** The defaults of {@link ProxyTierConfig.Splice}. */
    public static final SplicePipeSettings DEFAULTS = new SplicePipeSettings(ProxyTierConfig.SPLICE_PIPE_BYTES,
            ProxyTierConfig.SPLICE_PIPE_BUDGET_BYTES);

    private static volatile SplicePipeSettings current = DEFAULTS;

    public SplicePipeSettings {
        check("splice pipe bytes", "splice pipe budget bytes", pipeBytes, budgetBytes);
    }

    /**
     * The settings under {@code prefix} (e.g. {@code edge}); a bad value is refused naming its property
     * (e.g. {@code edge.splice.pipe-bytes}).
     */
    public static SplicePipeSettings from(String prefix, ProxyTierConfig config) {
        ProxyTierConfig.Splice splice = config.splice();
        check(prefix + ".splice.pipe-bytes", prefix + ".splice.pipe-budget-bytes", splice.pipeBytes(),
                splice.pipeBudgetBytes());
        return new SplicePipeSettings(splice.pipeBytes(), splice.pipeBudgetBytes());
    }

    /** What this process's splice pipes get from now on (pipes already open keep their size). */
    public void apply() {
        current = this;
    }

    /** The settings in force: the last applied, {@link #DEFAULTS} before any. */
    public static SplicePipeSettings current() {
        return current;
    }

    private static void check(String pipeName, String budgetName, int pipeBytes, long budgetBytes) {
        if (pipeBytes != 0 && (pipeBytes < MIN_PIPE_BYTES || pipeBytes > MAX_PIPE_BYTES)) {
            throw new IllegalArgumentException(pipeName + " must be 0 (the kernel's default size) or from "
                    + MIN_PIPE_BYTES + " to " + MAX_PIPE_BYTES + ", got " + pipeBytes);
        }
        if (budgetBytes < 0) {
            throw new IllegalArgumentException(budgetName + " must not be negative, got " + budgetBytes);
        }
        if (pipeBytes > 0 && budgetBytes < pipeBytes) {
            // Not one pipe could ever be enlarged: say so instead of silently running with the kernel's size.
            throw new IllegalArgumentException(budgetName + " must be at least " + pipeName + " (" + pipeBytes
                    + "), or set " + pipeName + " to 0 for the kernel's default size; got " + budgetBytes);
        }
    }
}
