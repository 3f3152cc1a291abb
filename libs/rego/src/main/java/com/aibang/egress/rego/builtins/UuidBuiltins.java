package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.util.Locale;

/**
 * uuid.rfc4122 (a random version 4 UUID, the same for the same key within one evaluation) and
 * uuid.parse (the fields of an RFC 4122 UUID: time, clock sequence and node for v1/v2; domain and id for v2).
 */
public final class UuidBuiltins {
  /** 100-ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
  private static final long GREGORIAN_TO_UNIX_100NS = 122_192_928_000_000_000L;

  private UuidBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("uuid.parse", 1, a -> describe(parse(a.string(0))));
    r.markNondeterministic("uuid.rfc4122");
    r.register("uuid.rfc4122", 1, a -> {
      String key = a.string(0);
      return a.context().memo("uuid.rfc4122\u0000" + key, () -> StringValue.of(java.util.UUID.randomUUID().toString()));
    });
  }

  /** Accepts the forms Go's google/uuid accepts: plain, urn:uuid:, one wrapping character each side, or 32 hex digits. */
  static byte[] parse(String text) {
    String s = text;
    switch (s.length()) {
      case 36 -> { }
      case 45 -> {
        if (!s.substring(0, 9).toLowerCase(Locale.ROOT).equals("urn:uuid:")) {
          throw BuiltinException.error("invalid urn prefix: " + GoText.quote(s.substring(0, 9)));
        }
        s = s.substring(9);
      }
      case 38 -> s = s.substring(1, 37);
      case 32 -> {
        return hexBytes(s, new int[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30});
      }
      default -> throw BuiltinException.error("invalid UUID length: " + text.length());
    }
    if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      throw BuiltinException.error("invalid UUID format");
    }
    return hexBytes(s, new int[] {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34});
  }

  private static byte[] hexBytes(String s, int[] offsets) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      int hi = Character.digit(s.charAt(offsets[i]), 16);
      int lo = Character.digit(s.charAt(offsets[i] + 1), 16);
      if (hi < 0 || lo < 0 || s.charAt(offsets[i]) > 127 || s.charAt(offsets[i] + 1) > 127) {
        throw BuiltinException.error("invalid UUID format");
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  private static int u8(byte[] u, int i) { return u[i] & 0xff; }

  private static long bigEndian(byte[] u, int from, int length) {
    long v = 0;
    for (int i = from; i < from + length; i++) {
      v = (v << 8) | u8(u, i);
    }
    return v;
  }

  private static Value describe(byte[] u) {
    int version = u8(u, 6) >> 4;
    ObjectValue.Builder b = ObjectValue.builder()
        .put("version", NumberValue.of(version))
        .put("variant", StringValue.of(variant(u8(u, 8))));
    if (version == 1 || version == 2) {
      long t = bigEndian(u, 0, 4) | (bigEndian(u, 4, 2) << 32) | ((bigEndian(u, 6, 2) & 0xfff) << 48);
      long sinceUnix = t - GREGORIAN_TO_UNIX_100NS;
      BigInteger nanos = BigInteger.valueOf(sinceUnix).multiply(BigInteger.valueOf(100));
      b.put("time", NumberValue.of(nanos));
      b.put("clocksequence", NumberValue.of(bigEndian(u, 8, 2) & 0x3fff));
      StringBuilder node = new StringBuilder();
      for (int i = 10; i < 16; i++) {
        node.append(i > 10 ? "-" : "").append(String.format("%02x", u8(u, i)));
      }
      b.put("nodeid", StringValue.of(node.toString()));
      int first = u8(u, 10);
      b.put("macvariables", StringValue.of(((first & 0x02) != 0 ? "local" : "global") + ":"
          + ((first & 0x01) != 0 ? "multicast" : "unicast")));
    }
    if (version == 2) {
      b.put("id", NumberValue.of(bigEndian(u, 0, 4)));
      b.put("domain", StringValue.of(domain(u8(u, 9))));
    }
    return b.build();
  }

  private static String variant(int b) {
    if ((b & 0xc0) == 0x80) {
      return "RFC4122";
    }
    if ((b & 0xe0) == 0xc0) {
      return "Microsoft";
    }
    if ((b & 0xe0) == 0xe0) {
      return "Future";
    }
    return "Reserved";
  }

  private static String domain(int d) {
    return switch (d) {
      case 0 -> "Person";
      case 1 -> "Group";
      case 2 -> "Org";
      default -> "Domain" + d;
    };
  }
}
