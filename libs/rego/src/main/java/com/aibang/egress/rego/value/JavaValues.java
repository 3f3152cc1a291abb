package com.aibang.egress.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converts between values and plain Java JSON trees. To Java: objects become LinkedHashMap in
 * canonical key order (non-string keys as their JSON text), arrays and sets become List (sets in
 * canonical order), integral numbers BigInteger, other numbers BigDecimal.
 */
public final class JavaValues {
  private JavaValues() {}

  /**
   * Like {@link #fromJava} but maps with string keys become lazy views ({@link ObjectValue}): only
   * the members a policy looks up are converted. For per-query input, which must not be modified
   * while it is evaluated; a decision typically reads a few fields of a larger document. The view
   * caches converted members without synchronisation: use it from the one evaluation (thread)
   * that created it.
   */
  public static Value view(Object o) {
    if (o instanceof Map<?, ?> m && !m.isEmpty() && allStringKeys(m)) {
      @SuppressWarnings("unchecked")
      Map<String, ?> strings = (Map<String, ?>) m;
      return ObjectValue.view(strings);
    }
    if (o instanceof List<?> l) {
      List<Value> out = new ArrayList<>(l.size());
      for (Object x : l) {
        out.add(view(x));
      }
      return ArrayValue.wrap(out);
    }
    return fromJava(o);
  }

  private static boolean allStringKeys(Map<?, ?> m) {
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** Converts Map/List/Set/array/String/Number/Boolean/null (and Value) into a value. */
  public static Value fromJava(Object o) {
    if (o == null) {
      return NullValue.INSTANCE;
    }
    if (o instanceof Value v) {
      return v;
    }
    if (o instanceof String s) {
      return StringValue.of(s);
    }
    if (o instanceof Boolean b) {
      return BooleanValue.of(b);
    }
    if (o instanceof BigDecimal d) {
      return NumberValue.of(d);
    }
    if (o instanceof BigInteger i) {
      return NumberValue.of(i);
    }
    if (o instanceof Double || o instanceof Float) {
      return NumberValue.of(((Number) o).doubleValue());
    }
    if (o instanceof Number n) {
      return NumberValue.of(n.longValue());
    }
    if (o instanceof Map<?, ?> m) {
      TreeMap<Value, Value> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(fromJava(e.getKey()), fromJava(e.getValue()));
      }
      return ObjectValue.wrap(out);
    }
    if (o instanceof java.util.Set<?> s) {
      TreeSet<Value> out = new TreeSet<>();
      for (Object x : s) {
        out.add(fromJava(x));
      }
      return SetValue.wrap(out);
    }
    if (o instanceof Collection<?> c) {
      List<Value> out = new ArrayList<>(c.size());
      for (Object x : c) {
        out.add(fromJava(x));
      }
      return ArrayValue.wrap(out);
    }
    if (o instanceof Object[] arr) {
      return fromJava(List.of(arr));
    }
    throw new IllegalArgumentException("cannot convert " + o.getClass().getName() + " to a Rego value");
  }

  /** Converts a value to a plain Java JSON tree (see class comment). */
  public static Object toJava(Value v) {
    if (v instanceof NullValue) {
      return null;
    }
    if (v instanceof BooleanValue b) {
      return b.value();
    }
    if (v instanceof NumberValue n) {
      return n.isInteger() ? n.bigInteger() : n.bigDecimal();
    }
    if (v instanceof StringValue s) {
      return s.value();
    }
    if (v instanceof ArrayValue a) {
      List<Object> out = new ArrayList<>(a.size());
      a.items().forEach(x -> out.add(toJava(x)));
      return out;
    }
    if (v instanceof SetValue s) {
      List<Object> out = new ArrayList<>(s.size());
      s.items().forEach(x -> out.add(toJava(x)));
      return out;
    }
    ObjectValue o = (ObjectValue) v;
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
      String k = e.getKey() instanceof StringValue s ? s.value() : RegoText.json(e.getKey());
      out.put(k, toJava(e.getValue()));
    }
    return out;
  }
}
