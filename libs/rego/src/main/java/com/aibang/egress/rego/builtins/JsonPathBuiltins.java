package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** json.filter, json.remove (paths as "a/b/c" or ["a", "b", "c"]) and json.patch (RFC 6902). */
public final class JsonPathBuiltins {
  private JsonPathBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("json.filter", 2, a -> {
      ObjectValue obj = a.object(0);
      return filter(obj, pathTree(parsePaths(a, 1)));
    });
    r.register("json.remove", 2, a -> {
      ObjectValue obj = a.object(0);
      return remove(obj, pathTree(parsePaths(a, 1)));
    });
    r.register("json.patch", 2, a -> JsonPatch.apply(a.get(0), a.array(1)));
  }

  private static List<List<Value>> parsePaths(Args a, int i) {
    Collection<Value> items;
    if (a.get(i) instanceof ArrayValue arr) {
      items = arr.items();
    } else if (a.get(i) instanceof SetValue set) {
      items = set.items();
    } else {
      throw a.typeError(i, "one of {set, array}");
    }
    List<List<Value>> paths = new ArrayList<>();
    for (Value p : items) {
      paths.add(parsePath(p, i));
    }
    return paths;
  }

  /** "/a/b~1c" style (leading slashes optional, ~1 and ~0 unescaped) or an array of segments. */
  static List<Value> parsePath(Value p, int operand) {
    if (p instanceof StringValue s) {
      List<Value> segments = new ArrayList<>();
      if (s.value().isEmpty()) {
        return segments;
      }
      String trimmed = s.value().replaceFirst("^/+", "");
      for (String part : trimmed.split("/", -1)) {
        segments.add(StringValue.of(part.replace("~1", "/").replace("~0", "~")));
      }
      return segments;
    }
    if (p instanceof ArrayValue arr) {
      return new ArrayList<>(arr.items());
    }
    throw BuiltinException.type(Args.operand(operand)
        + " must be one of {set, array} containing string paths or array of path segments but got " + p.typeName());
  }

  /** Merges paths into a tree of objects whose leaves are null; a shorter path swallows longer ones. */
  private static Value pathTree(List<List<Value>> paths) {
    TreeMap<Value, Object> root = new TreeMap<>();
    for (List<Value> path : paths) {
      if (path.isEmpty()) {
        continue;
      }
      TreeMap<Value, Object> node = root;
      boolean done = false;
      for (int i = 0; i < path.size() - 1 && !done; i++) {
        Object child = node.get(path.get(i));
        if (child == null) {
          TreeMap<Value, Object> fresh = new TreeMap<>();
          node.put(path.get(i), fresh);
          node = fresh;
        } else if (child == NullValue.INSTANCE) {
          done = true;
        } else {
          @SuppressWarnings("unchecked")
          TreeMap<Value, Object> next = (TreeMap<Value, Object>) child;
          node = next;
        }
      }
      if (!done) {
        node.put(path.get(path.size() - 1), NullValue.INSTANCE);
      }
    }
    return freeze(root);
  }

  private static Value freeze(TreeMap<Value, Object> node) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Map.Entry<Value, Object> e : node.entrySet()) {
      @SuppressWarnings("unchecked")
      Value v = e.getValue() instanceof TreeMap<?, ?> m ? freeze((TreeMap<Value, Object>) m) : (Value) e.getValue();
      b.put(e.getKey(), v);
    }
    return b.build();
  }

  /** Keeps only what the filter tree selects (null = keep the whole subtree; array indexes as strings). */
  private static Value filter(Value doc, Value filter) {
    if (filter instanceof NullValue) {
      return doc;
    }
    ObjectValue f = (ObjectValue) filter;
    if (doc instanceof ArrayValue arr) {
      List<Value> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        Value sub = f.get(String.valueOf(i));
        if (sub != null) {
          out.add(filter(arr.get(i), sub));
        }
      }
      return ArrayValue.wrap(out);
    }
    if (doc instanceof SetValue set) {
      TreeSet<Value> out = new TreeSet<>();
      for (Value item : set.items()) {
        Value sub = f.get(item);
        if (sub != null) {
          out.add(filter(item, sub));
        }
      }
      return SetValue.wrap(out);
    }
    if (doc instanceof ObjectValue obj) {
      TreeMap<Value, Value> out = new TreeMap<>();
      for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
        Value sub = f.get(e.getKey());
        if (sub != null) {
          out.put(e.getKey(), filter(e.getValue(), sub));
        }
      }
      return ObjectValue.wrap(out);
    }
    return doc;
  }

  /** Drops what the tree marks with null leaves; returns null when doc itself is removed. */
  private static Value remove(Value doc, Value tree) {
    if (tree == null) {
      return doc;
    }
    if (tree instanceof NullValue) {
      return null;
    }
    if (!(tree instanceof ObjectValue t)) {
      return doc;
    }
    if (doc instanceof ObjectValue obj) {
      TreeMap<Value, Value> out = new TreeMap<>();
      for (Map.Entry<Value, Value> e : obj.entries().entrySet()) {
        Value kept = remove(e.getValue(), t.get(e.getKey()));
        if (kept != null) {
          out.put(e.getKey(), kept);
        }
      }
      return ObjectValue.wrap(out);
    }
    if (doc instanceof SetValue set) {
      TreeSet<Value> out = new TreeSet<>();
      for (Value item : set.items()) {
        Value kept = remove(item, t.get(item));
        if (kept != null) {
          out.add(kept);
        }
      }
      return SetValue.wrap(out);
    }
    if (doc instanceof ArrayValue arr) {
      // Removed elements close up, as in JSON patch.
      List<Value> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        Value kept = remove(arr.get(i), t.get(String.valueOf(i)));
        if (kept != null) {
          out.add(kept);
        }
      }
      return ArrayValue.wrap(out);
    }
    return doc;
  }
}
