package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.builtins.GoUrlEscaping.Mode;
import com.aibang.egress.rego.builtins.GoUrlEscaping.UrlEscapeException;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** base64.*, base64url.*, hex.* and urlquery.* builtins with Go's encoders and error texts. */
public final class EncodingBuiltins {
  private EncodingBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("base64.encode", 1, a -> str(Base64.getEncoder().encodeToString(bytes(a.string(0)))));
    r.register("base64.decode", 1, a -> str(decode(Base64.getDecoder(), a.string(0))));
    r.register("base64.is_valid", 1, a -> {
      try {
        decode(Base64.getDecoder(), a.string(0));
        return BooleanValue.TRUE;
      } catch (BuiltinException e) {
        return BooleanValue.FALSE;
      }
    });
    r.register("base64url.encode", 1, a -> str(Base64.getUrlEncoder().encodeToString(bytes(a.string(0)))));
    r.register("base64url.encode_no_pad", 1, a ->
        str(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(a.string(0)))));
    r.register("base64url.decode", 1, a -> str(decode(Base64.getUrlDecoder(), padBase64Url(a.string(0)))));
    r.register("hex.encode", 1, a -> str(java.util.HexFormat.of().formatHex(bytes(a.string(0)))));
    r.register("hex.decode", 1, a -> str(hexDecode(a.string(0))));
    r.register("urlquery.encode", 1, a -> str(GoUrlEscaping.escape(a.string(0), Mode.QUERY_COMPONENT)));
    r.register("urlquery.decode", 1, a -> str(queryUnescape(a.string(0))));
    r.register("urlquery.encode_object", 1, EncodingBuiltins::encodeObject);
    r.register("urlquery.decode_object", 1, EncodingBuiltins::decodeObject);
  }

  private static StringValue str(String s) { return StringValue.of(s); }

  private static byte[] bytes(String s) { return s.getBytes(UTF_8); }

  /** Go's decoders skip CR and LF; everything else must be valid. */
  private static String decode(Base64.Decoder decoder, String s) {
    String cleaned = s.replace("\r", "").replace("\n", "");
    try {
      return new String(decoder.decode(cleaned), UTF_8);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("illegal base64 data at input byte " + firstBadByte(cleaned));
    }
  }

  private static int firstBadByte(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && "+/-_=".indexOf(c) < 0) {
        return i;
      }
    }
    return Math.max(0, s.length() - 1);
  }

  /** Restores padding that some base64url encoders omit (RFC 7515 appendix C). */
  private static String padBase64Url(String s) {
    if (s.endsWith("=")) {
      return s;
    }
    return switch (s.length() % 4) {
      case 0 -> s;
      case 2 -> s + "==";
      case 3 -> s + "=";
      default -> throw BuiltinException.error("illegal base64url string: " + s);
    };
  }

  private static String hexDecode(String s) {
    byte[] src = bytes(s);
    byte[] out = new byte[src.length / 2];
    int j = 1;
    for (; j < src.length; j += 2) {
      int hi = Character.digit(src[j - 1], 16);
      int lo = Character.digit(src[j], 16);
      if (hi < 0 || src[j - 1] < 0) {
        throw invalidHexByte(src[j - 1]);
      }
      if (lo < 0 || src[j] < 0) {
        throw invalidHexByte(src[j]);
      }
      out[j / 2] = (byte) ((hi << 4) | lo);
    }
    if (src.length % 2 == 1) {
      if (Character.digit(src[j - 1], 16) < 0 || src[j - 1] < 0) {
        throw invalidHexByte(src[j - 1]);
      }
      throw BuiltinException.error("encoding/hex: odd length hex string");
    }
    return new String(out, UTF_8);
  }

  /** Go's InvalidByteError text: "%#U" of the offending byte. */
  private static BuiltinException invalidHexByte(byte b) {
    int c = b & 0xff;
    String printable = GoText.quote(String.valueOf((char) c));
    String shown = printable.length() == 3 ? " '" + (char) c + "'" : "";
    return BuiltinException.error(String.format("encoding/hex: invalid byte: U+%04X%s", c, shown));
  }

  private static String queryUnescape(String s) {
    try {
      return GoUrlEscaping.unescape(s, Mode.QUERY_COMPONENT);
    } catch (UrlEscapeException e) {
      throw BuiltinException.error(e.getMessage());
    }
  }

  /** url.Values.Encode: keys sorted, each value escaped, pairs joined by '&'. */
  private static Value encodeObject(Args a) {
    ObjectValue obj = a.object(0);
    TreeMap<String, List<String>> query = new TreeMap<>();
    for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
      if (!(e.getKey() instanceof StringValue key)) {
        throw a.typeError(0, "object with string keys");
      }
      List<String> values = query.computeIfAbsent(key.value(), k -> new ArrayList<>());
      Value v = e.getValue();
      if (v instanceof StringValue s) {
        values.add(s.value());
      } else if (v instanceof ArrayValue || v instanceof SetValue) {
        Iterable<Value> items = v instanceof ArrayValue arr ? arr.items() : ((SetValue) v).items();
        for (Value item : items) {
          if (!(item instanceof StringValue s)) {
            throw BuiltinException.type(Args.operand(0) + " must be array of strings but got array containing " + item.typeName());
          }
          values.add(s.value());
        }
      } else {
        throw BuiltinException.type(Args.operand(0) + " must be one of {string, array, set} but got " + v.typeName());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      String k = GoUrlEscaping.escape(e.getKey(), Mode.QUERY_COMPONENT);
      for (String v : e.getValue()) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(k).append('=').append(GoUrlEscaping.escape(v, Mode.QUERY_COMPONENT));
      }
    }
    return str(sb.toString());
  }

  /** url.ParseQuery: the first malformed pair fails the call; ';' separators are rejected as in Go. */
  private static Value decodeObject(Args a) {
    Map<String, List<Value>> query = new LinkedHashMap<>();
    String error = null;
    for (String pair : a.string(0).split("&", -1)) {
      if (pair.contains(";")) {
        error = error == null ? "invalid semicolon separator in query" : error;
        continue;
      }
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = GoUrlEscaping.unescape(eq < 0 ? pair : pair.substring(0, eq), Mode.QUERY_COMPONENT);
        String value = GoUrlEscaping.unescape(eq < 0 ? "" : pair.substring(eq + 1), Mode.QUERY_COMPONENT);
        query.computeIfAbsent(key, k -> new ArrayList<>()).add(StringValue.of(value));
      } catch (UrlEscapeException e) {
        error = error == null ? e.getMessage() : error;
      }
    }
    if (error != null) {
      throw BuiltinException.error(error);
    }
    ObjectValue.Builder b = ObjectValue.builder();
    query.forEach((k, v) -> b.put(k, ArrayValue.wrap(v)));
    return b.build();
  }
}
