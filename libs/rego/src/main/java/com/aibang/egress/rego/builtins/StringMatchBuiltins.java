package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** strings.any_prefix_match, strings.any_suffix_match and strings.replace_n. */
public final class StringMatchBuiltins {
  private StringMatchBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("strings.any_prefix_match", 2, a -> anyMatch(a, String::startsWith));
    r.register("strings.any_suffix_match", 2, a -> anyMatch(a, String::endsWith));
    r.register("strings.replace_n", 2, StringMatchBuiltins::replaceN);
  }

  private static Value anyMatch(Args a, BiPredicate<String, String> test) {
    List<String> search = strings(a, 0);
    List<String> bases = strings(a, 1);
    for (String s : search) {
      for (String b : bases) {
        if (test.test(s, b)) {
          return BooleanValue.TRUE;
        }
      }
    }
    return BooleanValue.FALSE;
  }

  /** A string, or an array or set of strings, as a list. */
  private static List<String> strings(Args a, int i) {
    Value v = a.get(i);
    if (v instanceof StringValue s) {
      return List.of(s.value());
    }
    Iterable<Value> items;
    if (v instanceof ArrayValue arr) {
      items = arr.items();
    } else if (v instanceof SetValue set) {
      items = set.items();
    } else {
      throw a.typeError(i, "one of {string, set, array}");
    }
    List<String> out = new ArrayList<>();
    for (Value item : items) {
      if (!(item instanceof StringValue s)) {
        throw BuiltinException.type(Args.operand(i) + " must be " + v.typeName() + " of strings but got "
            + v.typeName() + " containing " + item.typeName());
      }
      out.add(s.value());
    }
    return out;
  }

  /**
   * Go's strings.NewReplacer over the pattern object's entries in key order: at each position
   * the first key (in that order) that matches wins, and replaced text is never re-scanned.
   */
  private static Value replaceN(Args a) {
    ObjectValue patterns = a.object(0);
    List<String[]> pairs = new ArrayList<>();
    for (Map.Entry<Value, Value> e : patterns.entries().entrySet()) {
      if (!(e.getKey() instanceof StringValue k)) {
        throw BuiltinException.type(Args.operand(0) + " non-string key found in pattern object");
      }
      if (!(e.getValue() instanceof StringValue v)) {
        throw BuiltinException.type(Args.operand(0) + " non-string value found in pattern object");
      }
      pairs.add(new String[] {k.value(), v.value()});
    }
    String s = a.string(1);
    StringBuilder out = new StringBuilder();
    boolean prevMatchEmpty = false;
    int last = 0;
    for (int i = 0; i <= s.length(); ) {
      String[] match = null;
      for (String[] p : pairs) {
        // After an empty match, an empty key may not match again at the same spot.
        if (s.startsWith(p[0], i) && !(prevMatchEmpty && p[0].isEmpty())) {
          match = p;
          break;
        }
      }
      prevMatchEmpty = match != null && match[0].isEmpty();
      if (match != null) {
        out.append(s, last, i).append(match[1]);
        i += match[0].length();
        last = i;
      } else {
        i++;
      }
    }
    out.append(s, Math.min(last, s.length()), s.length());
    return StringValue.of(out.toString());
  }
}
