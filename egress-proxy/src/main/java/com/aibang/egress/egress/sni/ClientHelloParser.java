package com.aibang.egress.egress.sni;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server name from the first bytes of a TLS connection without decrypting anything. Handles a
 * ClientHello split over several TLS records and over several reads; never reads past the bytes given.
 */
public final class ClientHelloParser {

    /** What the bytes so far are. */
    public enum Kind {
        /** Not enough bytes yet to decide. */
        NEED_MORE,
        /** Not a TLS handshake. */
        NOT_TLS,
        /** A complete ClientHello; serverName is null when it carries none. */
        CLIENT_HELLO,
        /** Looks like TLS but the ClientHello is broken. */
        MALFORMED
    }

    /**
     * @param kind what was found
     * @param serverName the host_name server name (ASCII as sent), null when absent or not known yet
     */
    public record Result(Kind kind, String serverName) {
        static final Result NEED_MORE = new Result(Kind.NEED_MORE, null);
        static final Result NOT_TLS = new Result(Kind.NOT_TLS, null);
        static final Result MALFORMED = new Result(Kind.MALFORMED, null);
    }

    private static final int RECORD_HANDSHAKE = 22;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 5;
    private static final int MAX_RECORD = 16384 + 2048;
    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int NAME_TYPE_HOST = 0;

    private ClientHelloParser() {
    }

    /** Examines the readable bytes of {@code bytes} (its indexes are left unchanged). */
    public static Result parse(ByteBuf bytes) {
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        if (end - at < 1) {
            return Result.NEED_MORE;
        }
        if (bytes.getUnsignedByte(at) != RECORD_HANDSHAKE) {
            return Result.NOT_TLS;
        }
        // Join the payloads of consecutive handshake records until the whole ClientHello is there.
        byte[] handshake = new byte[0];
        while (true) {
            if (end - at < RECORD_HEADER) {
                return Result.NEED_MORE;
            }
            int type = bytes.getUnsignedByte(at);
            int major = bytes.getUnsignedByte(at + 1);
            int length = bytes.getUnsignedShort(at + 3);
            if (type != RECORD_HANDSHAKE) {
                return handshake.length == 0 ? Result.NOT_TLS : Result.MALFORMED;
            }
            if (major != 3 || length == 0 || length > MAX_RECORD) {
                return handshake.length == 0 && major != 3 ? Result.NOT_TLS : Result.MALFORMED;
            }
            if (end - at - RECORD_HEADER < length) {
                return Result.NEED_MORE;
            }
            byte[] joined = new byte[handshake.length + length];
            System.arraycopy(handshake, 0, joined, 0, handshake.length);
            bytes.getBytes(at + RECORD_HEADER, joined, handshake.length, length);
            handshake = joined;
            at += RECORD_HEADER + length;
            if (handshake.length >= 4) {
                if ((handshake[0] & 0xff) != HANDSHAKE_CLIENT_HELLO) {
                    return Result.MALFORMED;
                }
                int bodyLength = u24(handshake, 1);
                if (handshake.length >= 4 + bodyLength) {
                    return clientHello(handshake, 4, 4 + bodyLength);
                }
            }
        }
    }

    private static Result clientHello(byte[] b, int from, int end) {
        try {
            int at = from + 2 + 32; // client_version, random
            at += 1 + u8(b, at, end); // session_id
            at += 2 + u16(b, at, end); // cipher_suites
            at += 1 + u8(b, at, end); // compression_methods
            if (at == end) {
                return new Result(Kind.CLIENT_HELLO, null); // no extensions at all
            }
            int extensionsEnd = at + 2 + u16(b, at, end);
            at += 2;
            check(extensionsEnd <= end);
            while (at < extensionsEnd) {
                int type = u16(b, at, extensionsEnd);
                int length = u16(b, at + 2, extensionsEnd);
                int dataStart = at + 4;
                check(dataStart + length <= extensionsEnd);
                if (type == EXTENSION_SERVER_NAME) {
                    return new Result(Kind.CLIENT_HELLO, serverName(b, dataStart, dataStart + length));
                }
                at = dataStart + length;
            }
            return new Result(Kind.CLIENT_HELLO, null);
        } catch (IndexOutOfBoundsException e) {
            return Result.MALFORMED;
        }
    }

    private static String serverName(byte[] b, int from, int end) {
        int listEnd = from + 2 + u16(b, from, end);
        check(listEnd <= end);
        int at = from + 2;
        while (at < listEnd) {
            int nameType = u8(b, at, listEnd);
            int length = u16(b, at + 1, listEnd);
            check(at + 3 + length <= listEnd);
            if (nameType == NAME_TYPE_HOST) {
                return new String(b, at + 3, length, StandardCharsets.US_ASCII);
            }
            at += 3 + length;
        }
        return null;
    }

    private static int u8(byte[] b, int at, int end) {
        check(at + 1 <= end);
        return b[at] & 0xff;
    }

    private static int u16(byte[] b, int at, int end) {
        check(at + 2 <= end);
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
    }

    private static void check(boolean inBounds) {
        if (!inBounds) {
            throw new IndexOutOfBoundsException("ClientHello field runs past its end");
        }
    }
}
