package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.BooleanValue;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** net.cidr_contains (more net.* builtins belong in this family). */
public final class NetBuiltins {
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  private NetBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("net.cidr_contains", 2, a -> {
      String outerText = a.string(0);
      String inner = a.string(1);
      long outerV4 = ipv4Network(outerText, true);
      long innerV4 = outerV4 < 0 ? -1 : ipv4Network(inner, inner.indexOf('/') >= 0);
      if (innerV4 >= 0) {
        return BooleanValue.of(ipv4Contains(outerV4, innerV4));
      }
      Cidr outer = Cidr.parse(outerText, true);
      Cidr in = Cidr.parse(inner, inner.indexOf('/') >= 0);
      return BooleanValue.of(outer.contains(in));
    });
  }

  /**
   * A plain IPv4 address or network ("a.b.c.d" or "a.b.c.d/n", n of 1-2 digits and at most 32) as
   * address << 8 | prefix, without the BigInteger of {@link Cidr}; -1 for anything else (which
   * {@link Cidr#parse} then decides on, errors included). Same acceptance as Cidr.parse for these.
   */
  static long ipv4Network(String text, boolean withPrefix) {
    int slash = text.indexOf('/');
    if (withPrefix != slash >= 0) {
      return -1;
    }
    int end = slash >= 0 ? slash : text.length();
    int prefix = 32;
    if (slash >= 0) {
      int digits = text.length() - slash - 1;
      if (digits < 1 || digits > 2) {
        return -1;
      }
      prefix = 0;
      for (int i = slash + 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        prefix = prefix * 10 + (c - '0');
      }
      if (prefix > 32) {
        return -1;
      }
    }
    String addr = slash >= 0 ? text.substring(0, end) : text;
    if (!dottedQuadShape(addr)) {
      return -1;
    }
    byte[] b = parseAddress(addr);
    if (b == null) {
      return -1;
    }
    long address = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    return address << 8 | prefix;
  }

  /** Cidr.contains for two results of {@link #ipv4Network}. */
  private static boolean ipv4Contains(long outer, long inner) {
    int outerPrefix = (int) (outer & 0xff);
    int innerPrefix = (int) (inner & 0xff);
    if (innerPrefix < outerPrefix) {
      return false;
    }
    int hostBits = 32 - outerPrefix;
    return (outer >>> 8) >>> hostBits == (inner >>> 8) >>> hostBits;
  }

  /** An IPv4 or IPv6 network: address bits (as unsigned BigInteger), bit width and prefix length. */
  public record Cidr(BigInteger address, int bits, int prefix) {
    /** Parses "a.b.c.d/n", "x::y/n" or (when requirePrefix is false) a bare address. */
    public static Cidr parse(String text, boolean requirePrefix) {
      String addr = text;
      int prefix = -1;
      int slash = text.indexOf('/');
      if (slash >= 0) {
        addr = text.substring(0, slash);
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw BuiltinException.error("invalid CIDR address: " + text);
        }
      } else if (requirePrefix) {
        throw BuiltinException.error("invalid CIDR address: " + text);
      }
      byte[] bytes = parseAddress(addr);
      if (bytes == null) {
        throw BuiltinException.error((slash >= 0 ? "invalid CIDR address: " : "invalid IP address: ") + text);
      }
      int bits = bytes.length * 8;
      if (prefix < 0) {
        prefix = bits;
      }
      if (prefix > bits) {
        throw BuiltinException.error("invalid CIDR address: " + text);
      }
      return new Cidr(new BigInteger(1, bytes), bits, prefix);
    }

    /** Network address (host bits cleared). */
    public BigInteger network() {
      return address.shiftRight(bits - prefix).shiftLeft(bits - prefix);
    }

    public boolean contains(Cidr other) {
      if (other.bits != bits || other.prefix < prefix) {
        return false;
      }
      return other.address.shiftRight(bits - prefix).equals(address.shiftRight(bits - prefix));
    }
  }

  /** Parses a literal IPv4/IPv6 address without any name lookup; null when invalid. */
  /** Four groups of 1-3 ASCII digits separated by dots (checked without a regex: on every call). */
  private static boolean dottedQuadShape(String s) {
    int groups = 1;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return false;
        }
      } else if (c == '.' && digits > 0 && groups < 4) {
        groups++;
        digits = 0;
      } else {
        return false;
      }
    }
    return groups == 4 && digits > 0;
  }

  public static byte[] parseAddress(String s) {
    if (dottedQuadShape(s)) {
      byte[] b = new byte[4];
      int start = 0;
      for (int i = 0; i < 4; i++) {
        int end = i < 3 ? s.indexOf('.', start) : s.length();
        int v = Integer.parseInt(s, start, end, 10);
        if (v > 255 || (end - start > 1 && s.charAt(start) == '0')) {
          return null;
        }
        b[i] = (byte) v;
        start = end + 1;
      }
      return b;
    }
    if (s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName("[" + s + "]").getAddress();
      if (b.length == 4) {
        // IPv4-mapped IPv6 literal: Go keeps it 16 bytes wide
        byte[] w = new byte[16];
        w[10] = (byte) 0xff;
        w[11] = (byte) 0xff;
        System.arraycopy(b, 0, w, 12, 4);
        return w;
      }
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
