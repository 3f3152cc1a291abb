package com.aibang.egress.policyservice.decision;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Formats log timestamps exactly like {@link DateTimeFormatter#ISO_INSTANT} (fraction in groups of
 * three digits, trailing zero groups dropped), reusing the formatted date and time of the last
 * second: formatting every entry from scratch was a tenth of the log writer thread's time.
 */
final class LogTimestamps {

    /** The last second formatted, as "2026-11-26T15:23:42" (no fraction, no zone); replaced, never changed. */
    private record Second(long epochSecond, String prefix) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private LogTimestamps() {
    }

    static String format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            String full = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
            second = new Second(epochSecond, full.substring(0, full.length() - 1));
            last = second;
        }
        int nanos = instant.getNano();
        StringBuilder text = new StringBuilder(second.prefix().length() + 11).append(second.prefix());
        if (nanos != 0) {
            int digits;
            int value;
            if (nanos % 1_000_000 == 0) {
                digits = 3;
                value = nanos / 1_000_000;
            } else if (nanos % 1_000 == 0) {
                digits = 6;
                value = nanos / 1_000;
            } else {
                digits = 9;
                value = nanos;
            }
            text.append('.');
            String fraction = Integer.toString(value);
            for (int pad = digits - fraction.length(); pad > 0; pad--) {
                text.append('0');
            }
            text.append(fraction);
        }
        return text.append('Z').toString();
    }
}
