package com.aibang.egress.rego.builtins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-encoding exactly as Go's net/url does it, per URL component. */
final class GoUrlEscaping {
  /** The URL component being encoded; rules differ per component (Go's "encoding" modes). */
  enum Mode { PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT }

  private static final String HEX = "0123456789ABCDEF";

  private GoUrlEscaping() {}

  /** A malformed escape or host character; message is Go's error text. */
  static final class UrlEscapeException extends RuntimeException {
    UrlEscapeException(String message) { super(message, null, false, false); }
  }

  static boolean shouldEscape(int c, Mode mode) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return false;
    }
    if (mode == Mode.HOST || mode == Mode.ZONE) {
      if ("!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
        return false;
      }
    }
    if ("-_.~".indexOf(c) >= 0) {
      return false;
    }
    if ("$&+,/:;=?@".indexOf(c) >= 0) {
      return switch (mode) {
        case PATH -> c == '?';
        case PATH_SEGMENT -> c == '/' || c == ';' || c == ',' || c == '?';
        case USER_PASSWORD -> c == '@' || c == '/' || c == '?' || c == ':';
        case QUERY_COMPONENT -> true;
        case FRAGMENT -> false;
        default -> true;
      };
    }
    if (mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0) {
      return false;
    }
    return true;
  }

  static String escape(String s, Mode mode) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == ' ' && mode == Mode.QUERY_COMPONENT) {
        sb.append('+');
      } else if (shouldEscape(c, mode)) {
        sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  static String unescape(String text, Mode mode) {
    byte[] s = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
    for (int i = 0; i < s.length; ) {
      int c = s[i] & 0xff;
      if (c == '%') {
        if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
          int end = Math.min(s.length, i + 3);
          throw escapeError(new String(s, i, end - i, StandardCharsets.UTF_8));
        }
        String triple = new String(s, i, 3, StandardCharsets.UTF_8);
        int v = (unhex(s[i + 1]) << 4) | unhex(s[i + 2]);
        // In hosts, %-encoding is only for non-ASCII bytes, except %25 in IPv6 zones (RFC 6874).
        if (mode == Mode.HOST && unhex(s[i + 1]) < 8 && !triple.equals("%25")) {
          throw escapeError(triple);
        }
        if (mode == Mode.ZONE && !triple.equals("%25") && v != ' ' && shouldEscape(v, Mode.HOST)) {
          throw escapeError(triple);
        }
        out.write(v);
        i += 3;
      } else if (c == '+') {
        out.write(mode == Mode.QUERY_COMPONENT ? ' ' : '+');
        i++;
      } else {
        if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
          throw new UrlEscapeException("invalid character " + GoText.quote(String.valueOf((char) c)) + " in host name");
        }
        out.write(c);
        i++;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static UrlEscapeException escapeError(String s) {
    return new UrlEscapeException("invalid URL escape " + GoText.quote(s));
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  private static int unhex(byte b) {
    return Character.digit(b, 16);
  }
}
