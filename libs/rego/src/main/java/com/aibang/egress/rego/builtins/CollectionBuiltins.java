package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** object.get, object.keys, object.union, array.concat, array.slice, union, intersection. */
public final class CollectionBuiltins {
  private CollectionBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("object.get", 3, CollectionBuiltins::objectGet);
    r.register("object.keys", 1, a -> SetValue.of(a.object(0).entries().keySet()));
    r.register("object.union", 2, a -> mergeObjects(a.object(0), a.object(1)));
    r.register("array.concat", 2, a -> {
      List<Value> out = new ArrayList<>(a.array(0).items());
      out.addAll(a.array(1).items());
      return ArrayValue.wrap(out);
    });
    r.register("array.slice", 3, CollectionBuiltins::slice);
    r.register("array.reverse", 1, a -> {
      List<Value> out = new ArrayList<>(a.array(0).items());
      java.util.Collections.reverse(out);
      return ArrayValue.wrap(out);
    });
    r.register("union", 1, a -> {
      TreeSet<Value> out = new TreeSet<>();
      for (Value s : a.set(0).items()) {
        out.addAll(setMember(s).items());
      }
      return SetValue.wrap(out);
    });
    r.register("intersection", 1, a -> {
      TreeSet<Value> out = null;
      for (Value s : a.set(0).items()) {
        if (out == null) {
          out = new TreeSet<>(setMember(s).items());
        } else {
          out.retainAll(setMember(s).items());
        }
      }
      return out == null ? SetValue.EMPTY : SetValue.wrap(out);
    });
  }

  private static SetValue setMember(Value v) {
    if (v instanceof SetValue s) {
      return s;
    }
    throw BuiltinException.type("operand 1 must be set of sets but got set containing " + v.typeName());
  }

  private static Value objectGet(Args a) {
    ObjectValue obj = a.object(0);
    Value key = a.get(1);
    if (!(key instanceof ArrayValue path)) {
      Value v = obj.get(key);
      return v != null ? v : a.get(2);
    }
    Value cur = obj;
    for (Value k : path.items()) {
      cur = child(cur, k);
      if (cur == null) {
        return a.get(2);
      }
    }
    return cur;
  }

  /** The member of a collection under key, or null. */
  static Value child(Value collection, Value key) {
    if (collection instanceof ObjectValue o) {
      return o.get(key);
    }
    if (collection instanceof ArrayValue arr && key instanceof NumberValue n) {
      return n.intValue().filter(i -> i >= 0 && i < arr.size()).map(arr::get).orElse(null);
    }
    if (collection instanceof SetValue s && s.contains(key)) {
      return key;
    }
    return null;
  }

  /** Recursive merge, b wins on conflicts (object.union semantics). */
  static ObjectValue mergeObjects(ObjectValue a, ObjectValue b) {
    // objects are immutable: a union with an empty object is the other operand itself
    if (b.size() == 0) {
      return a;
    }
    if (a.size() == 0) {
      return b;
    }
    ObjectValue.Builder out = ObjectValue.builder().putAll(a);
    for (Map.Entry<Value, Value> e : b.entries().entrySet()) {
      Value old = a.get(e.getKey());
      if (old instanceof ObjectValue oa && e.getValue() instanceof ObjectValue ob) {
        out.put(e.getKey(), mergeObjects(oa, ob));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out.build();
  }

  private static Value slice(Args a) {
    List<Value> items = a.array(0).items();
    long start = Math.max(0, a.integer(1).max(java.math.BigInteger.valueOf(-1)).longValue());
    long stop = a.integer(2).min(java.math.BigInteger.valueOf(items.size())).longValue();
    if (start >= stop) {
      return ArrayValue.EMPTY;
    }
    return ArrayValue.of(items.subList((int) start, (int) stop));
  }
}
