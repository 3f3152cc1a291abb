package com.aibang.egress.proxy.target;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings a host to the one form policies compare: lower case, no trailing dot, IDN as punycode,
 * IP literals canonical. Anything that cannot be brought to that form is rejected.
 */
public final class HostNormalizer {

    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    /** A last label made of digits or hex looks like a non-canonical IPv4 form (e.g. 2130706433, 0x7f.1). */
    /** Four dot-separated decimal octets (validated further by Netty). */
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

    private HostNormalizer() {
    }

    /**
     * Normalises a host as it appeared in a request (IPv6 may be bracketed).
     *
     * @throws InvalidTargetException with a message saying what is wrong
     */
    public static String normalize(String rawHost) throws InvalidTargetException {
        if (rawHost == null || rawHost.isEmpty()) {
            throw new InvalidTargetException("empty host");
        }
        if (rawHost.startsWith("[")) {
            return normalizeIpv6(rawHost);
        }
        String plain = plainName(rawHost);
        if (plain != null) {
            return plain;
        }
        if (DOTTED_QUAD.matcher(rawHost).matches()) {
            rejectOctalAmbiguity(rawHost);
        }
        if (NetUtil.isValidIpV4Address(rawHost)) {
            return NetUtil.bytesToIpAddress(NetUtil.createByteArrayFromIpAddressString(rawHost));
        }
        return normalizeName(rawHost);
    }

    /**
     * The common case without regexes or IDN: a name of letters, digits and inner hyphens in labels of 1 to 63,
     * at most 253 long, whose last label is not numeric-looking, and no trailing dot. The full path would
     * return exactly its lower-case form; anything else (null here) takes the full path.
     */
    static String plainName(String host) {
        int length = host.length();
        if (length > MAX_NAME_LENGTH) {
            return null;
        }
        boolean upper = false;
        int labelStart = 0;
        boolean labelHasLetter = false;
        for (int i = 0; i < length; i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (!plainLabel(host, labelStart, i)) {
                    return null;
                }
                labelStart = i + 1;
                labelHasLetter = false;
            } else if (c >= 'a' && c <= 'z') {
                labelHasLetter = true;
            } else if (c >= 'A' && c <= 'Z') {
                labelHasLetter = true;
                upper = true;
            } else if (!(c >= '0' && c <= '9') && c != '-') {
                return null;
            }
        }
        // A last label of digits or 0x... may be an IPv4 form in disguise: the full path decides.
        if (!plainLabel(host, labelStart, length) || !labelHasLetter
                || host.regionMatches(true, labelStart, "0x", 0, 2)) {
            return null;
        }
        return upper ? host.toLowerCase(Locale.ROOT) : host;
    }

    private static boolean plainLabel(String host, int start, int end) {
        int labelLength = end - start;
        return labelLength >= 1 && labelLength <= 63 && host.charAt(start) != '-' && host.charAt(end - 1) != '-';
    }

    private static String normalizeIpv6(String rawHost) throws InvalidTargetException {
        if (!rawHost.endsWith("]")) {
            throw new InvalidTargetException("unterminated IPv6 literal: " + rawHost);
        }
        String literal = rawHost.substring(1, rawHost.length() - 1);
        if (literal.indexOf('%') >= 0 || !NetUtil.isValidIpV6Address(literal)) {
            throw new InvalidTargetException("invalid IPv6 literal: " + rawHost);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            throw new InvalidTargetException("invalid IPv6 literal: " + rawHost);
        }
        return NetUtil.bytesToIpAddress(bytes);
    }

    /**
     * inet_aton and browsers read an octet with a leading zero as octal (022 = 18): refuse those whose octal
     * reading differs from the decimal one, so that nobody connects elsewhere than the policy saw.
     */
    private static void rejectOctalAmbiguity(String dottedQuad) throws InvalidTargetException {
        for (String octet : dottedQuad.split("\\.")) {
            if (octet.length() > 1 && octet.charAt(0) == '0' && octet.length() <= 4
                    && (!octet.chars().allMatch(c -> c >= '0' && c <= '7')
                    || Integer.parseInt(octet, 8) != Integer.parseInt(octet))) {
                throw new InvalidTargetException("IPv4 literal with an octal-looking octet is ambiguous: " + dottedQuad);
            }
        }
    }

    /**
     * The HTTP decoder hands us one char per byte; a name sent as raw UTF-8 is decoded back to the text the
     * client meant before IDN turns it into punycode. Anything that is not valid UTF-8 stays as it came.
     */
    private static String decodeUtf8(String rawHost) {
        if (rawHost.chars().allMatch(c -> c < 0x80) || rawHost.chars().anyMatch(c -> c > 0xff)) {
            return rawHost;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rawHost.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return rawHost;
        }
    }

    private static String normalizeName(String rawText) throws InvalidTargetException {
        String rawHost = decodeUtf8(rawText);
        String name = rawHost.endsWith(".") ? rawHost.substring(0, rawHost.length() - 1) : rawHost;
        if (name.isEmpty()) {
            throw new InvalidTargetException("empty host");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidTargetException("host is not a valid internationalised name: " + rawHost);
        }
        if (ascii.isEmpty() || ascii.length() > MAX_NAME_LENGTH) {
            throw new InvalidTargetException("host name length out of range: " + rawHost);
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidTargetException("invalid host name: " + rawHost);
            }
        }
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            throw new InvalidTargetException("host looks like a non-canonical IP address: " + rawHost);
        }
        return ascii;
    }
}
