package com.aibang.egress.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
   * Like {@link #fromJava} but maps become lazy views ({@link ObjectValue}): only
   * the members a policy looks up are converted. For per-query input, which must not be modified
   * while it is evaluated; a decision typically reads a few fields of a larger document. The view
   * caches converted members without synchronisation: use it from the one evaluation (thread)
   * that created it.
   */
  public static Value view(Object o) {
    if (o instanceof String str) {
      return StringValue.of(str); // the most common member: no walk through the other types
    }
    if (o instanceof Map<?, ?> m && !m.isEmpty()) {
      // no scan of the keys here: the view answers string keys from the map directly and
      // converts the whole map only for a lookup by another key type when it has such keys
      return ObjectValue.view(m);
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

  /** Converts Map/List/Set/array/String/Number/Boolean/null (and Value) into a value. */
  public static Value fromJava(Object o) {
    return fromJava(o, null);
  }

  /**
   * Like {@link #fromJava(Object)}, with one value for all equal strings and numbers (object keys
   * such as "host" repeated in every entry, port numbers): for data that lives as long as a compiled
   * policy, fewer objects and fewer distinct cache lines to touch on a lookup.
   */
  public static Value fromJavaShared(Object o) {
    return fromJava(o, new HashMap<>());
  }

  private static Value fromJava(Object o, Map<Object, Value> shared) {
    if (shared != null && (o instanceof String || o instanceof Number)) {
      Value known = shared.get(o);
      if (known == null) {
        known = fromJava(o, null);
        shared.put(o, known);
      }
      return known;
    }
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
        out.put(fromJava(e.getKey(), shared), fromJava(e.getValue(), shared));
      }
      // shared = long-lived data: small objects keep only their compact form
      return shared != null ? ObjectValue.compact(out) : ObjectValue.wrap(out);
    }
    if (o instanceof java.util.Set<?> s) {
      TreeSet<Value> out = new TreeSet<>();
      for (Object x : s) {
        out.add(fromJava(x, shared));
      }
      return SetValue.wrap(out);
    }
    if (o instanceof Collection<?> c) {
      List<Value> out = new ArrayList<>(c.size());
      for (Object x : c) {
        out.add(fromJava(x, shared));
      }
      return ArrayValue.wrap(out);
    }
    if (o instanceof Object[] arr) {
      return fromJava(List.of(arr), shared);
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
    o.forEachMember((key, value) ->
        out.put(key instanceof StringValue s ? s.value() : RegoText.json(key), toJava(value)));
    return out;
  }
}
