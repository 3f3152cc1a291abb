package com.aibang.egress.rego.value;

import java.util.Map;

/** Writes values as compact Rego/JSON text: sets as {a, b} (empty: set()), strings JSON-quoted. */
public final class RegoText {
  private RegoText() {}

  public static String write(Value v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb, false);
    return sb.toString();
  }

  /** Compact JSON text; sets are written as arrays, non-string keys as their JSON text. */
  public static String json(Value v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb, true);
    return sb.toString();
  }

  private static void write(Value v, StringBuilder sb, boolean json) {
    if (v instanceof StringValue s) {
      quote(s.value(), sb);
    } else if (v instanceof ArrayValue a) {
      sb.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(a.get(i), sb, json);
      }
      sb.append(']');
    } else if (v instanceof SetValue s) {
      if (json) {
        write(ArrayValue.of(s.items()), sb, true);
        return;
      }
      if (s.size() == 0) {
        sb.append("set()");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Value x : s.items()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(x, sb, false);
      }
      sb.append('}');
    } else if (v instanceof ObjectValue o) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        if (json && !(e.getKey() instanceof StringValue)) {
          quote(json(e.getKey()), sb);
        } else {
          write(e.getKey(), sb, json);
        }
        sb.append(':');
        write(e.getValue(), sb, json);
      }
      sb.append('}');
    } else {
      sb.append(v.toString());
    }
  }

  /** Appends s as a JSON string literal (Go encoding/json style, with HTML-safe escapes). */
  public static void quote(String s, StringBuilder sb) {
    quote(s, sb, true);
  }

  /**
   * Appends s as a JSON string literal; htmlSafe also escapes {@code < > &} and U+2028/9 as Go's
   * encoding/json does (what Rego builtins must produce), false keeps them for people to read.
   */
  public static void quote(String s, StringBuilder sb, boolean htmlSafe) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (htmlSafe && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'))) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
