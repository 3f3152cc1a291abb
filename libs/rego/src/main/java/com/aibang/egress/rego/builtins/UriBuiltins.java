package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;

/** uri.parse and uri.is_valid, following Go's net/url parser. */
public final class UriBuiltins {
  private UriBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("uri.parse", 1, a -> {
      try {
        return describe(GoUrl.parse(a.string(0)));
      } catch (GoUrl.UrlParseException e) {
        throw BuiltinException.error(e.getMessage());
      }
    });
    r.register("uri.is_valid", 1, a -> {
      try {
        GoUrl.parse(a.string(0));
        return BooleanValue.TRUE;
      } catch (GoUrl.UrlParseException e) {
        return BooleanValue.FALSE;
      }
    });
  }

  /** Non-empty parts only; raw_path is the path as written when it differs from the canonical escaping. */
  private static Value describe(GoUrl u) {
    ObjectValue.Builder b = ObjectValue.builder();
    putIfPresent(b, "scheme", u.scheme());
    putIfPresent(b, "hostname", u.hostname());
    putIfPresent(b, "port", u.port());
    putIfPresent(b, "path", u.path());
    putIfPresent(b, "raw_path", u.rawPath().isEmpty() ? u.path() : u.rawPath());
    putIfPresent(b, "raw_query", u.rawQuery());
    putIfPresent(b, "fragment", u.fragment());
    return b.build();
  }

  private static void putIfPresent(ObjectValue.Builder b, String key, String value) {
    if (!value.isEmpty()) {
      b.put(key, StringValue.of(value));
    }
  }
}
