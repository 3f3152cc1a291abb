package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * RFC 6902 JSON Patch over Rego values, extended as OPA does: a set member is addressed by the
 * member itself, and paths may be arrays of segments (so non-string keys can be reached).
 */
final class JsonPatch {
  private JsonPatch() {}

  static Value apply(Value document, ArrayValue operations) {
    Value target = document;
    for (Value op : operations.items()) {
      if (!(op instanceof ObjectValue operation)) {
        throw BuiltinException.error("must be an array of JSON-Patch objects, but at least one element is " + op.typeName());
      }
      target = applyOne(target, operation);
    }
    return target;
  }

  private static Value applyOne(Value target, ObjectValue operation) {
    String op = stringField(operation, "op");
    List<Value> path = pathField(operation, "path");
    switch (op) {
      case "add":
        return add(target, path, required(operation, "value"));
      case "remove":
        return remove(target, path);
      case "replace":
        return add(remove(target, path), path, required(operation, "value"));
      case "move": {
        List<Value> from = pathField(operation, "from");
        Value moved = get(target, from);
        return add(remove(target, from), path, moved);
      }
      case "copy":
        return add(target, path, get(target, pathField(operation, "from")));
      case "test":
        if (!get(target, path).equals(required(operation, "value"))) {
          throw BuiltinException.error("test operation failed at " + path);
        }
        return target;
      default:
        throw BuiltinException.error("unknown JSON-Patch operation " + GoText.quote(op));
    }
  }

  private static Value required(ObjectValue operation, String field) {
    Value v = operation.get(field);
    if (v == null) {
      throw BuiltinException.error("missing \"" + field + "\" in JSON-Patch operation");
    }
    return v;
  }

  private static String stringField(ObjectValue operation, String field) {
    if (!(required(operation, field) instanceof StringValue s)) {
      throw BuiltinException.error("\"" + field + "\" of a JSON-Patch operation must be a string");
    }
    return s.value();
  }

  private static List<Value> pathField(ObjectValue operation, String field) {
    Value p = required(operation, field);
    if (!(p instanceof StringValue) && !(p instanceof ArrayValue)) {
      throw BuiltinException.error("\"" + field + "\" of a JSON-Patch operation must be a string or an array");
    }
    return JsonPathBuiltins.parsePath(p, 1);
  }

  private static Value add(Value target, List<Value> path, Value value) {
    if (path.isEmpty()) {
      return value;
    }
    Value key = path.get(0);
    if (path.size() > 1) {
      return replaceChild(target, key, add(child(target, key), path.subList(1, path.size()), value));
    }
    if (target instanceof ObjectValue obj) {
      TreeMap<Value, Value> m = new TreeMap<>(obj.entries());
      m.put(key, value);
      return ObjectValue.wrap(m);
    }
    if (target instanceof ArrayValue arr) {
      List<Value> l = new ArrayList<>(arr.items());
      int index = key instanceof StringValue s && s.value().equals("-") ? l.size() : index(key, l.size());
      l.add(index, value);
      return ArrayValue.wrap(l);
    }
    if (target instanceof SetValue set) {
      if (!key.equals(value)) {
        throw BuiltinException.error("set member and value differ: " + key + " != " + value);
      }
      TreeSet<Value> s = new TreeSet<>(set.items());
      s.add(value);
      return SetValue.wrap(s);
    }
    throw BuiltinException.error("cannot add to a " + target.typeName());
  }

  private static Value remove(Value target, List<Value> path) {
    if (path.isEmpty()) {
      throw BuiltinException.error("cannot remove the whole document");
    }
    Value key = path.get(0);
    if (path.size() > 1) {
      return replaceChild(target, key, remove(child(target, key), path.subList(1, path.size())));
    }
    child(target, key);
    if (target instanceof ObjectValue obj) {
      TreeMap<Value, Value> m = new TreeMap<>(obj.entries());
      m.remove(key);
      return ObjectValue.wrap(m);
    }
    if (target instanceof ArrayValue arr) {
      List<Value> l = new ArrayList<>(arr.items());
      l.remove(index(key, l.size() - 1));
      return ArrayValue.wrap(l);
    }
    TreeSet<Value> s = new TreeSet<>(((SetValue) target).items());
    s.remove(key);
    return SetValue.wrap(s);
  }

  private static Value get(Value target, List<Value> path) {
    Value cur = target;
    for (Value key : path) {
      cur = child(cur, key);
    }
    return cur;
  }

  /** The member under key, or a builtin error when there is none. */
  private static Value child(Value target, Value key) {
    if (target instanceof ObjectValue obj && obj.get(key) != null) {
      return obj.get(key);
    }
    if (target instanceof ArrayValue arr) {
      return arr.get(index(key, arr.size() - 1));
    }
    if (target instanceof SetValue set && set.contains(key)) {
      return key;
    }
    throw BuiltinException.error("path segment " + key + " not found in " + target.typeName());
  }

  private static Value replaceChild(Value target, Value key, Value newChild) {
    if (target instanceof ObjectValue obj) {
      TreeMap<Value, Value> m = new TreeMap<>(obj.entries());
      m.put(key, newChild);
      return ObjectValue.wrap(m);
    }
    if (target instanceof ArrayValue arr) {
      List<Value> l = new ArrayList<>(arr.items());
      l.set(index(key, l.size() - 1), newChild);
      return ArrayValue.wrap(l);
    }
    TreeSet<Value> s = new TreeSet<>(((SetValue) target).items());
    s.remove(key);
    s.add(newChild);
    return SetValue.wrap(s);
  }

  /** An array index from a number or a decimal string, within [0, max]. */
  private static int index(Value key, int max) {
    BigInteger i = null;
    if (key instanceof NumberValue n && n.isInteger()) {
      i = n.bigInteger();
    } else if (key instanceof StringValue s && s.value().matches("0|[1-9][0-9]*")) {
      i = new BigInteger(s.value());
    }
    if (i == null || i.signum() < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
      throw BuiltinException.error("invalid array index " + key);
    }
    return i.intValue();
  }
}
