package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** object.filter, object.remove, object.union_n and object.subset. */
public final class ObjectBuiltins {
  private ObjectBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("object.filter", 2, a -> select(a, true));
    r.register("object.remove", 2, a -> select(a, false));
    r.register("object.union_n", 1, ObjectBuiltins::unionN);
    r.register("object.subset", 2, ObjectBuiltins::subset);
  }

  /** Keeps (keep=true) or drops the entries whose key is listed in operand 2 (array, set, or object keys). */
  private static Value select(Args a, boolean keep) {
    ObjectValue obj = a.object(0);
    Collection<Value> keys = keyCollection(a, 1);
    java.util.Set<Value> wanted = new java.util.HashSet<>(keys);
    TreeMap<Value, Value> out = new TreeMap<>();
    for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
      if (wanted.contains(e.getKey()) == keep) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return ObjectValue.wrap(out);
  }

  private static Collection<Value> keyCollection(Args a, int i) {
    Value v = a.get(i);
    if (v instanceof ArrayValue arr) {
      return arr.items();
    }
    if (v instanceof SetValue set) {
      return set.items();
    }
    if (v instanceof ObjectValue obj) {
      return obj.entries().keySet();
    }
    throw a.typeError(i, "one of {object, set, array}");
  }

  private static Value unionN(Args a) {
    ObjectValue result = ObjectValue.EMPTY;
    for (Value v : a.array(0).items()) {
      if (!(v instanceof ObjectValue obj)) {
        throw BuiltinException.type(Args.operand(0) + " must be array of objects but got array containing " + v.typeName());
      }
      result = merge(result, obj);
    }
    return result;
  }

  /** object.union semantics: right wins, except that two objects under one key merge recursively. */
  static ObjectValue merge(ObjectValue left, ObjectValue right) {
    TreeMap<Value, Value> out = new TreeMap<>(left.entries());
    for (Map.Entry<Value, Value> e : right.entries().entrySet()) {
      Value existing = out.get(e.getKey());
      if (existing instanceof ObjectValue lo && e.getValue() instanceof ObjectValue ro) {
        out.put(e.getKey(), merge(lo, ro));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return ObjectValue.wrap(out);
  }

  private static Value subset(Args a) {
    Value sup = a.get(0);
    Value sub = a.get(1);
    if (sup instanceof ObjectValue so) {
      if (!(sub instanceof ObjectValue subObj)) {
        throw a.typeError(1, "object");
      }
      return BooleanValue.of(objectSubset(so, subObj));
    }
    if (sup instanceof SetValue ss) {
      if (!(sub instanceof SetValue subSet)) {
        throw a.typeError(1, "set");
      }
      return BooleanValue.of(ss.items().containsAll(subSet.items()));
    }
    if (sup instanceof ArrayValue sa) {
      if (sub instanceof ArrayValue subArr) {
        return BooleanValue.of(arraySubset(sa, subArr));
      }
      if (sub instanceof SetValue subSet) {
        return BooleanValue.of(new java.util.HashSet<>(sa.items()).containsAll(subSet.items()));
      }
      throw a.typeError(1, "one of {array, set}");
    }
    throw a.typeError(0, "one of {object, set, array}");
  }

  /** Every key of sub is in sup, with a value that is (recursively, for same-kind collections) a subset. */
  private static boolean objectSubset(ObjectValue sup, ObjectValue sub) {
    for (Map.Entry<Value, Value> e : sub.entries().entrySet()) {
      Value superValue = sup.get(e.getKey());
      Value subValue = e.getValue();
      if (superValue == null) {
        return false;
      }
      boolean ok;
      if (superValue instanceof ObjectValue so && subValue instanceof ObjectValue subObj) {
        ok = objectSubset(so, subObj);
      } else if (superValue instanceof SetValue ss && subValue instanceof SetValue subSet) {
        ok = ss.items().containsAll(subSet.items());
      } else if (superValue instanceof ArrayValue sa && subValue instanceof ArrayValue subArr) {
        ok = arraySubset(sa, subArr);
      } else {
        ok = superValue.equals(subValue);
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** sub occurs as a contiguous run inside sup. */
  private static boolean arraySubset(ArrayValue sup, ArrayValue sub) {
    int n = sup.size();
    int m = sub.size();
    for (int start = 0; start + m <= n; start++) {
      boolean all = true;
      for (int i = 0; i < m && all; i++) {
        all = sup.get(start + i).equals(sub.get(i));
      }
      if (all) {
        return true;
      }
    }
    return m == 0;
  }
}
