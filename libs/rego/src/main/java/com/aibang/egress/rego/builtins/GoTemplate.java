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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subset of Go's text/template for strings.render_template: text, {{.a.b}}, $variables,
 * literals, if / else if / else, range (index and element variables, else), with, comments,
 * "-" trim markers and the functions eq ne lt le gt ge and or not len index.
 * A missing field prints "&lt;undefined&gt;" (OPA's replacement for Go's "&lt;no value&gt;").
 */
final class GoTemplate {
  private static final String MISSING = "<undefined>";

  private final List<String> tokens = new ArrayList<>();
  private int next;

  private GoTemplate(String source) {
    tokenize(source);
  }

  static String render(String source, Value data) {
    GoTemplate t = new GoTemplate(source);
    StringBuilder out = new StringBuilder();
    Map<String, Value> vars = new HashMap<>();
    vars.put("$", data);
    String stop = t.run(out, data, vars, true);
    if (stop != null) {
      throw BuiltinException.error("template: unexpected {{" + stop + "}}");
    }
    return out.toString();
  }

  /** Splits into text and action tokens; actions are kept as "\u0000" + trimmed body. */
  private void tokenize(String s) {
    int i = 0;
    StringBuilder text = new StringBuilder();
    while (i < s.length()) {
      int open = s.indexOf("{{", i);
      if (open < 0) {
        text.append(s, i, s.length());
        break;
      }
      text.append(s, i, open);
      int close = s.indexOf("}}", open + 2);
      if (close < 0) {
        throw BuiltinException.error("template: unclosed action");
      }
      String body = s.substring(open + 2, close);
      i = close + 2;
      if (body.startsWith("- ")) {
        trimTrailing(text);
        body = body.substring(1);
      }
      boolean trimAfter = body.endsWith(" -");
      if (trimAfter) {
        body = body.substring(0, body.length() - 1);
      }
      tokens.add(text.toString());
      text.setLength(0);
      tokens.add("\u0000" + body.trim());
      if (trimAfter) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
      }
    }
    tokens.add(text.toString());
  }

  private static void trimTrailing(StringBuilder sb) {
    while (sb.length() > 0 && Character.isWhitespace(sb.charAt(sb.length() - 1))) {
      sb.setLength(sb.length() - 1);
    }
  }

  /** Executes (or, when emit is false, skips) tokens until else/end; returns that keyword or null at the end. */
  private String run(StringBuilder out, Value dot, Map<String, Value> vars, boolean emit) {
    while (next < tokens.size()) {
      String tok = tokens.get(next++);
      if (!tok.startsWith("\u0000")) {
        if (emit) {
          out.append(tok);
        }
        continue;
      }
      String action = tok.substring(1);
      if (action.startsWith("/*")) {
        continue;
      }
      if (action.equals("end") || action.equals("else") || action.startsWith("else ")) {
        return action;
      }
      if (action.startsWith("if ")) {
        runIf(out, dot, vars, emit, action.substring(3));
      } else if (action.startsWith("range ")) {
        runRange(out, dot, vars, emit, action.substring(6));
      } else if (action.startsWith("with ")) {
        Value v = emit ? eval(action.substring(5), dot, vars) : null;
        boolean take = emit && truthy(v);
        String stop = run(out, v, new HashMap<>(vars), take);
        if (stop != null && stop.equals("else")) {
          run(out, dot, vars, emit && !take);
        }
      } else if (emit) {
        Value v = eval(action, dot, vars);
        if (!action.matches("\\$\\w+\\s*:?=.*")) {
          out.append(print(v));
        }
      }
    }
    return null;
  }

  private void runIf(StringBuilder out, Value dot, Map<String, Value> vars, boolean emit, String condition) {
    boolean taken = emit && truthy(eval(condition, dot, vars));
    String stop = run(out, dot, vars, taken);
    boolean done = taken;
    while (stop != null && stop.startsWith("else")) {
      if (stop.startsWith("else if ")) {
        boolean now = emit && !done && truthy(eval(stop.substring(8), dot, vars));
        stop = run(out, dot, vars, now);
        done |= now;
      } else {
        stop = run(out, dot, vars, emit && !done);
      }
    }
  }

  private void runRange(StringBuilder out, Value dot, Map<String, Value> vars, boolean emit, String clause) {
    String[] names = {};
    String expr = clause;
    int assign = clause.indexOf(":=");
    if (assign >= 0) {
      names = clause.substring(0, assign).replace(" ", "").split(",");
      expr = clause.substring(assign + 2).trim();
    }
    int bodyStart = next;
    List<Value[]> items = new ArrayList<>();
    if (emit) {
      Value v = eval(expr, dot, vars);
      if (v instanceof ArrayValue arr) {
        for (int i = 0; i < arr.size(); i++) {
          items.add(new Value[] {NumberValue.of(i), arr.get(i)});
        }
      } else if (v instanceof ObjectValue obj) {
        obj.entries().forEach((k, x) -> items.add(new Value[] {k, x}));
      } else if (v instanceof SetValue set) {
        int i = 0;
        for (Value x : set.items()) {
          items.add(new Value[] {NumberValue.of(i++), x});
        }
      }
    }
    String stop = null;
    for (Value[] item : items) {
      next = bodyStart;
      Map<String, Value> scope = new HashMap<>(vars);
      if (names.length == 1) {
        scope.put(names[0], item[1]);
      } else if (names.length == 2) {
        scope.put(names[0], item[0]);
        scope.put(names[1], item[1]);
      }
      stop = run(out, item[1], scope, true);
    }
    if (items.isEmpty()) {
      next = bodyStart;
      stop = run(out, dot, vars, false);
    }
    if (stop != null && stop.equals("else")) {
      run(out, dot, vars, emit && items.isEmpty());
    }
  }

  private Value eval(String expr, Value dot, Map<String, Value> vars) {
    java.util.regex.Matcher decl = java.util.regex.Pattern.compile("(\\$\\w+)\\s*:?=\\s*(.*)").matcher(expr);
    if (decl.matches()) {
      Value v = eval(decl.group(2), dot, vars);
      vars.put(decl.group(1), v);
      return v;
    }
    List<String> words = GoTemplateWords.split(expr);
    if (words.isEmpty()) {
      throw BuiltinException.error("template: missing value for command");
    }
    String head = words.get(0);
    List<Value> args = new ArrayList<>();
    for (String w : words.subList(1, words.size())) {
      args.add(term(w, dot, vars));
    }
    return words.size() == 1 ? term(head, dot, vars) : GoTemplateWords.call(head, args);
  }

  /** A single operand: (pipeline), "string", number, true/false/nil, .a.b, $var.a. */
  private Value term(String w, Value dot, Map<String, Value> vars) {
    if (w.startsWith("(") && w.endsWith(")")) {
      return eval(w.substring(1, w.length() - 1), dot, vars);
    }
    Value literal = GoTemplateWords.literal(w);
    if (literal != null) {
      return literal;
    }
    Value base;
    String path;
    if (w.startsWith("$")) {
      int dotAt = w.indexOf('.');
      String name = dotAt < 0 ? w : w.substring(0, dotAt);
      if (!vars.containsKey(name)) {
        throw BuiltinException.error("template: undefined variable \"" + name + "\"");
      }
      base = vars.get(name);
      path = dotAt < 0 ? "" : w.substring(dotAt);
    } else if (w.startsWith(".")) {
      base = dot;
      path = w.equals(".") ? "" : w;
    } else {
      throw BuiltinException.error("template: function \"" + w + "\" not defined");
    }
    Value v = base;
    for (String field : path.isEmpty() ? new String[0] : path.substring(1).split("\\.")) {
      v = v instanceof ObjectValue o ? o.get(field) : null;
      if (v == null) {
        return null;
      }
    }
    return v;
  }

  static boolean truthy(Value v) {
    if (v == null || v instanceof NullValue) {
      return false;
    }
    if (v instanceof BooleanValue b) {
      return b.value();
    }
    if (v instanceof NumberValue n) {
      return n.signum() != 0;
    }
    if (v instanceof StringValue s) {
      return !s.value().isEmpty();
    }
    if (v instanceof ArrayValue a) {
      return a.size() > 0;
    }
    if (v instanceof ObjectValue o) {
      return o.size() > 0;
    }
    return ((SetValue) v).size() > 0;
  }

  /** Go's fmt %v: strings bare, lists as [a b], maps as map[k:v], missing as &lt;undefined&gt;. */
  static String print(Value v) {
    if (v == null || v instanceof NullValue) {
      return MISSING;
    }
    if (v instanceof StringValue s) {
      return s.value();
    }
    if (v instanceof ArrayValue || v instanceof SetValue) {
      Iterable<Value> items = v instanceof ArrayValue a ? a.items() : ((SetValue) v).items();
      StringBuilder sb = new StringBuilder("[");
      for (Value x : items) {
        sb.append(sb.length() > 1 ? " " : "").append(print(x));
      }
      return sb.append(']').toString();
    }
    if (v instanceof ObjectValue o) {
      StringBuilder sb = new StringBuilder("map[");
      o.entries().forEach((k, x) -> sb.append(sb.length() > 4 ? " " : "").append(print(k)).append(':').append(print(x)));
      return sb.append(']').toString();
    }
    return v.toString();
  }
}
