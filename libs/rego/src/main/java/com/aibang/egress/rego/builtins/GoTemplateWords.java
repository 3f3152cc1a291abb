package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Words, literals and built-in functions of the Go template subset used by {@link GoTemplate}. */
final class GoTemplateWords {
  private GoTemplateWords() {}

  /** Splits a command into words, keeping quoted strings and parenthesised pipelines whole. */
  static List<String> split(String expr) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (c == '"' || c == '`') {
        i++;
        while (i < expr.length() && expr.charAt(i) != c) {
          i += expr.charAt(i) == '\\' && c == '"' ? 2 : 1;
        }
        i++;
      } else if (c == '(') {
        int depth = 0;
        do {
          depth += expr.charAt(i) == '(' ? 1 : expr.charAt(i) == ')' ? -1 : 0;
          i++;
        } while (i < expr.length() && depth > 0);
      } else {
        while (i < expr.length() && !Character.isWhitespace(expr.charAt(i))) {
          i++;
        }
      }
      words.add(expr.substring(start, Math.min(i, expr.length())));
    }
    return words;
  }

  /** The value of a literal word, or null when the word is not a literal. */
  static Value literal(String w) {
    if (w.startsWith("`") && w.endsWith("`") && w.length() >= 2) {
      return StringValue.of(w.substring(1, w.length() - 1));
    }
    if (w.startsWith("\"") && w.endsWith("\"") && w.length() >= 2) {
      return StringValue.of(w.substring(1, w.length() - 1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
    }
    switch (w) {
      case "true":
        return BooleanValue.TRUE;
      case "false":
        return BooleanValue.FALSE;
      case "nil":
        return NullValue.INSTANCE;
      default:
        break;
    }
    if (w.matches("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      return NumberValue.parse(w);
    }
    return null;
  }

  static Value call(String name, List<Value> args) {
    switch (name) {
      case "eq": return BooleanValue.of(compare(args) == 0);
      case "ne": return BooleanValue.of(compare(args) != 0);
      case "lt": return BooleanValue.of(compare(args) < 0);
      case "le": return BooleanValue.of(compare(args) <= 0);
      case "gt": return BooleanValue.of(compare(args) > 0);
      case "ge": return BooleanValue.of(compare(args) >= 0);
      case "not": return BooleanValue.of(!GoTemplate.truthy(arg(args, 0)));
      case "and": {
        Value last = null;
        for (Value v : args) {
          last = v;
          if (!GoTemplate.truthy(v)) {
            return v;
          }
        }
        return last;
      }
      case "or": {
        Value last = null;
        for (Value v : args) {
          last = v;
          if (GoTemplate.truthy(v)) {
            return v;
          }
        }
        return last;
      }
      case "len": return NumberValue.of(length(arg(args, 0)));
      case "index": {
        Value v = arg(args, 0);
        for (Value k : args.subList(1, args.size())) {
          v = v instanceof ArrayValue a && k instanceof NumberValue n && n.intValue().isPresent()
              && n.intValue().get() >= 0 && n.intValue().get() < a.size() ? a.get(n.intValue().get())
              : v instanceof ObjectValue o ? o.get(k) : null;
        }
        return v;
      }
      default:
        throw BuiltinException.error("template: function \"" + name + "\" not defined");
    }
  }

  private static Value arg(List<Value> args, int i) {
    if (i >= args.size()) {
      throw BuiltinException.error("template: wrong number of args");
    }
    return args.get(i);
  }

  private static int compare(List<Value> args) {
    Value a = arg(args, 0);
    Value b = arg(args, 1);
    if (a == null || b == null) {
      throw BuiltinException.error("template: incompatible types for comparison");
    }
    return a.compareTo(b);
  }

  private static long length(Value v) {
    if (v instanceof StringValue s) {
      return s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    if (v instanceof ArrayValue a) {
      return a.size();
    }
    if (v instanceof ObjectValue o) {
      return o.size();
    }
    if (v instanceof SetValue s) {
      return s.size();
    }
    throw BuiltinException.error("template: len of unsupported type");
  }
}
