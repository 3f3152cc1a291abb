package com.aibang.egress.policyctl;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.RegoText;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Indented JSON (two spaces, like `opa eval`) of output envelopes built from Map/List/String/Number/
 * Boolean with interpreter values inside: sets become arrays, non-string keys their JSON text.
 */
final class JsonText {
  private JsonText() {}

  static String pretty(Object o) {
    StringBuilder sb = new StringBuilder();
    write(o, sb, 0);
    return sb.toString();
  }

  private static void write(Object o, StringBuilder sb, int depth) {
    if (o instanceof Value v) {
      value(v, sb, depth);
    } else if (o instanceof Map<?, ?> m) {
      List<Map.Entry<String, Object>> entries = new ArrayList<>();
      m.forEach((k, v) -> entries.add(Map.entry(String.valueOf(k), v)));
      object(entries, sb, depth);
    } else if (o instanceof List<?> l) {
      array(new ArrayList<>(l), sb, depth);
    } else if (o instanceof String s) {
      quote(s, sb);
    } else {
      sb.append(o); // numbers and booleans
    }
  }

  private static void value(Value v, StringBuilder sb, int depth) {
    if (v instanceof ObjectValue obj) {
      List<Map.Entry<String, Object>> entries = new ArrayList<>();
      for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
        String key = e.getKey() instanceof StringValue s ? s.value() : RegoText.json(e.getKey());
        entries.add(Map.entry(key, e.getValue()));
      }
      object(entries, sb, depth);
    } else if (v instanceof ArrayValue a) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        items.add(a.get(i));
      }
      array(items, sb, depth);
    } else if (v instanceof SetValue s) {
      array(new ArrayList<>(s.items()), sb, depth);
    } else if (v instanceof StringValue s) {
      quote(s.value(), sb);
    } else {
      sb.append(RegoText.json(v));
    }
  }

  /** JSON string without HTML escapes: the output is read by people and JSON tools, never embedded in HTML. */
  private static void quote(String s, StringBuilder sb) {
    RegoText.quote(s, sb, false);
  }

  private static void object(List<Map.Entry<String, Object>> entries, StringBuilder sb, int depth) {
    if (entries.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append("{\n");
    for (int i = 0; i < entries.size(); i++) {
      sb.append("  ".repeat(depth + 1));
      quote(entries.get(i).getKey(), sb);
      sb.append(": ");
      write(entries.get(i).getValue(), sb, depth + 1);
      sb.append(i + 1 < entries.size() ? ",\n" : "\n");
    }
    sb.append("  ".repeat(depth)).append('}');
  }

  private static void array(List<Object> items, StringBuilder sb, int depth) {
    if (items.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append("[\n");
    for (int i = 0; i < items.size(); i++) {
      sb.append("  ".repeat(depth + 1));
      write(items.get(i), sb, depth + 1);
      sb.append(i + 1 < items.size() ? ",\n" : "\n");
    }
    sb.append("  ".repeat(depth)).append(']');
  }
}
