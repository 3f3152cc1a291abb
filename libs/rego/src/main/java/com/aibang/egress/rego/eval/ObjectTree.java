package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.Value;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mutable nested object used while assembling a virtual document from ref-head rules, child
 * documents and base data. With a location, unequal leaves are a conflict; without, the new value wins.
 */
final class ObjectTree {
  private final TreeMap<Value, Object> entries = new TreeMap<>();

  /** A tree holding the members of an object value, or null when v is not an object. */
  static ObjectTree of(Value v) {
    if (!(v instanceof ObjectValue o)) {
      return null;
    }
    ObjectTree t = new ObjectTree();
    t.mergeValue(o, null);
    return t;
  }

  void mergeValue(Value v, Location conflictLoc) {
    if (v instanceof ObjectValue o) {
      for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
        mergeAt(e.getKey(), e.getValue(), conflictLoc);
      }
    }
  }

  void mergeAt(Value key, Value v, Location conflictLoc) {
    Object existing = entries.get(key);
    if (existing == null) {
      entries.put(key, v);
      return;
    }
    if (existing instanceof java.util.TreeSet<?> set && v instanceof com.aibang.egress.rego.value.SetValue sv) {
      @SuppressWarnings("unchecked")
      java.util.TreeSet<Value> members = (java.util.TreeSet<Value>) set;
      members.addAll(sv.items());
      return;
    }
    if (existing instanceof com.aibang.egress.rego.value.SetValue ev && v instanceof com.aibang.egress.rego.value.SetValue sv) {
      java.util.TreeSet<Value> members = new java.util.TreeSet<>(ev.items());
      members.addAll(sv.items());
      entries.put(key, members);
      return;
    }
    if (existing instanceof ObjectTree t && v instanceof ObjectValue) {
      t.mergeValue(v, conflictLoc);
      return;
    }
    if (existing instanceof Value ev) {
      if (ev.equals(v)) {
        return;
      }
      if (conflictLoc == null && ev instanceof ObjectValue && v instanceof ObjectValue) {
        ObjectTree t = of(ev);
        t.mergeValue(v, conflictLoc);
        entries.put(key, t);
        return;
      }
    }
    if (conflictLoc != null) {
      throw new EvalException(EvalException.CONFLICT, conflictLoc, "object keys must be unique");
    }
    entries.put(key, v);
  }

  /** Adds member to the set at the key path (a multi-value ref-head rule: p[k] contains member). */
  void insertSetMember(Value[] keys, int i, Value member, Location loc) {
    Object existing = entries.get(keys[i]);
    if (i == keys.length - 1) {
      java.util.TreeSet<Value> set;
      if (existing == null) {
        set = new java.util.TreeSet<>();
        entries.put(keys[i], set);
      } else if (existing instanceof java.util.TreeSet<?> s) {
        @SuppressWarnings("unchecked")
        java.util.TreeSet<Value> members = (java.util.TreeSet<Value>) s;
        set = members;
      } else if (existing instanceof com.aibang.egress.rego.value.SetValue sv) {
        set = new java.util.TreeSet<>(sv.items());
        entries.put(keys[i], set);
      } else {
        throw new EvalException(EvalException.CONFLICT, loc, "object keys must be unique");
      }
      set.add(member);
      return;
    }
    ObjectTree child;
    if (existing == null) {
      child = new ObjectTree();
      entries.put(keys[i], child);
    } else if (existing instanceof ObjectTree t) {
      child = t;
    } else if (existing instanceof ObjectValue o) {
      child = of(o);
      entries.put(keys[i], child);
    } else {
      throw new EvalException(EvalException.CONFLICT, loc, "object keys must be unique");
    }
    child.insertSetMember(keys, i + 1, member, loc);
  }

  /** Inserts v under the key path (intermediate objects created). */
  void insert(Value[] keys, int i, Value v, Location loc) {
    if (i == keys.length - 1) {
      mergeAt(keys[i], v, loc);
      return;
    }
    Object existing = entries.get(keys[i]);
    ObjectTree child;
    if (existing == null) {
      child = new ObjectTree();
      entries.put(keys[i], child);
    } else if (existing instanceof ObjectTree t) {
      child = t;
    } else if (existing instanceof ObjectValue o) {
      child = of(o);
      entries.put(keys[i], child);
    } else {
      throw new EvalException(EvalException.CONFLICT, loc, "object keys must be unique");
    }
    child.insert(keys, i + 1, v, loc);
  }

  ObjectValue toValue() {
    TreeMap<Value, Value> out = new TreeMap<>();
    for (Map.Entry<Value, Object> e : entries.entrySet()) {
      Object x = e.getValue();
      Value v;
      if (x instanceof ObjectTree t) {
        v = t.toValue();
      } else if (x instanceof java.util.TreeSet<?> set) {
        v = com.aibang.egress.rego.value.SetValue.of(new java.util.ArrayList<Value>(
            (java.util.Collection<? extends Value>) set));
      } else {
        v = (Value) x;
      }
      out.put(e.getKey(), v);
    }
    return ObjectValue.wrap(out);
  }
}
