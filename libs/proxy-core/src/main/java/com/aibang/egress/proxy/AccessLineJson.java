package com.aibang.egress.proxy;

import java.time.Instant;

/**
 * Builds one JSON access line by hand, byte for byte what Jackson's generator writes for the same fields
 * (same escapes, no spaces), at a fraction of its cost: a proxy writes one per request on its event loop.
 */
final class AccessLineJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int TYPICAL_LINE = 512;

    /** The formatted start of the last second seen on this thread: timestamps repeat their second. */
    private static final ThreadLocal<SecondText> LAST_SECOND = ThreadLocal.withInitial(SecondText::new);

    private final StringBuilder out = new StringBuilder(TYPICAL_LINE);
    private boolean first = true;

    AccessLineJson() {
        out.append('{');
    }

    AccessLineJson string(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            quoted(value);
        }
        return this;
    }

    AccessLineJson number(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    /** {@code Instant.ofEpochMilli(millis).toString()} as a string field (ISO-8601, fraction only when not zero). */
    AccessLineJson instant(String name, long millis) {
        name(name);
        out.append('"');
        LAST_SECOND.get().append(out, Math.floorDiv(millis, 1000));
        int fraction = (int) Math.floorMod(millis, 1000);
        if (fraction != 0) {
            out.append('.').append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10))
                    .append((char) ('0' + fraction % 10));
        }
        out.append("Z\"");
        return this;
    }

    String end() {
        return out.append('}').toString();
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quoted(name);
        out.append(':');
    }

    /** Jackson's default escapes: quote, backslash, the short forms of b t n f r, other controls as uppercase u00XX. */
    private void quoted(String value) {
        out.append('"');
        int length = value.length();
        int firstEscape = 0;
        while (firstEscape < length && !escaped(value.charAt(firstEscape))) {
            firstEscape++;
        }
        if (firstEscape == length) {
            // The usual case: one bulk copy instead of a char-by-char append.
            out.append(value).append('"');
            return;
        }
        int plainFrom = 0;
        for (int i = firstEscape; i < length; i++) {
            char c = value.charAt(i);
            if (!escaped(c)) {
                continue;
            }
            out.append(value, plainFrom, i);
            plainFrom = i + 1;
            out.append('\\');
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(value, plainFrom, length).append('"');
    }

    private static boolean escaped(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }

    /** {@code Instant.toString()} of a whole second, without its closing {@code Z}, cached per thread. */
    private static final class SecondText {
        private long second = Long.MIN_VALUE;
        private String text;

        void append(StringBuilder out, long epochSecond) {
            if (epochSecond != second) {
                String full = Instant.ofEpochSecond(epochSecond).toString();
                text = full.substring(0, full.length() - 1);
                second = epochSecond;
            }
            out.append(text);
        }
    }
}
