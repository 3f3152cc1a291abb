package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * regex.* builtins with Go RE2 syntax and semantics (see {@link Re2Pattern} for how matching is
 * kept from running away on patterns that would backtrack catastrophically).
 */
public final class RegexBuiltins {
  private RegexBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("regex.match", 2, a -> {
      Re2Pattern p = compile(a.string(0));
      String input = a.string(1);
      return BooleanValue.of(guarded(() -> p.matches(input)));
    });
    r.register("regex.is_valid", 1, a ->
        BooleanValue.of(a.get(0) instanceof StringValue s && Re2Pattern.isValid(s.value())));
    r.register("regex.find_n", 3, RegexBuiltins::findN);
    r.register("regex.find_all_string_submatch_n", 3, RegexBuiltins::findAllSubmatch);
    r.register("regex.split", 2, a -> {
      Re2Pattern p = compile(a.string(0));
      String input = a.string(1);
      return strings(guarded(() -> p.split(input)));
    });
    r.register("regex.replace", 3, a -> {
      String input = a.string(0);
      Re2Pattern p = compile(a.string(1));
      String template = a.string(2);
      return StringValue.of(guarded(() -> p.replaceAll(input, template)));
    });
    r.register("regex.template_match", 4, RegexBuiltins::templateMatch);
    r.register("regex.globs_match", 2, a -> BooleanValue.of(GlobIntersection.intersect(a.string(0), a.string(1))));
  }

  /** Compiles or fails the call with Go's parse error text. */
  static Re2Pattern compile(String pattern) {
    try {
      return Re2Pattern.compile(pattern);
    } catch (Re2SyntaxException e) {
      throw BuiltinException.error(e.getMessage());
    }
  }

  private static Value findN(Args a) {
    Re2Pattern p = compile(a.string(0));
    String input = a.string(1);
    int n = a.intValue(2);
    List<Value> out = new ArrayList<>();
    for (int[] m : guarded(() -> p.findAll(input, n))) {
      out.add(StringValue.of(input.substring(m[0], m[1])));
    }
    return ArrayValue.wrap(out);
  }

  private static Value findAllSubmatch(Args a) {
    Re2Pattern p = compile(a.string(0));
    String input = a.string(1);
    int n = a.intValue(2);
    List<Value> out = new ArrayList<>();
    for (int[] m : guarded(() -> p.findAll(input, n))) {
      List<Value> groups = new ArrayList<>();
      for (int g = 0; 2 * g < m.length; g++) {
        // Go reports a group that did not participate as "".
        groups.add(StringValue.of(m[2 * g] < 0 ? "" : input.substring(m[2 * g], m[2 * g + 1])));
      }
      out.add(ArrayValue.wrap(groups));
    }
    return ArrayValue.wrap(out);
  }

  /**
   * Matches value against a template whose delimited parts are regular expressions and whose
   * other text is literal, e.g. "urn:foo:{.*}" with delimiters "{" and "}".
   */
  private static Value templateMatch(Args a) {
    String template = a.string(0);
    String value = a.string(1);
    String start = a.string(2);
    String end = a.string(3);
    if (start.length() != 1) {
      throw BuiltinException.error("start delimiter has to be exactly one character long but is " + start.length() + " long");
    }
    if (end.length() != 1) {
      throw BuiltinException.error("end delimiter has to be exactly one character long but is " + end.length() + " long");
    }
    List<Integer> bounds = delimiterBounds(template, start.charAt(0), end.charAt(0));
    StringBuilder pattern = new StringBuilder("^");
    int last = 0;
    for (int i = 0; i < bounds.size(); i += 2) {
      String inner = template.substring(bounds.get(i) + 1, bounds.get(i + 1) - 1);
      compile("^" + inner + "$");
      pattern.append(quoteMeta(template.substring(last, bounds.get(i)))).append('(').append(inner).append(')');
      last = bounds.get(i + 1);
    }
    pattern.append(quoteMeta(template.substring(last))).append('$');
    Re2Pattern p = compile(pattern.toString());
    return BooleanValue.of(guarded(() -> p.matches(value)));
  }

  /** Start and end (exclusive) offsets of each top-level delimited section. */
  private static List<Integer> delimiterBounds(String s, char open, char close) {
    List<Integer> bounds = new ArrayList<>();
    int level = 0;
    int idx = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == open) {
        if (++level == 1) {
          idx = i;
        }
      } else if (c == close) {
        if (--level == 0) {
          bounds.add(idx);
          bounds.add(i + 1);
        } else if (level < 0) {
          throw BuiltinException.error("unbalanced braces in \"" + s + "\"");
        }
      }
    }
    if (level != 0) {
      throw BuiltinException.error("unbalanced braces in \"" + s + "\"");
    }
    return bounds;
  }

  /** Go's regexp.QuoteMeta. */
  static String quoteMeta(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static ArrayValue strings(List<String> parts) {
    List<Value> out = new ArrayList<>(parts.size());
    for (String s : parts) {
      out.add(StringValue.of(s));
    }
    return ArrayValue.wrap(out);
  }

  /** Runs a match, turning an exhausted backtracking budget into a builtin error. */
  static <T> T guarded(java.util.function.Supplier<T> match) {
    try {
      return match.get();
    } catch (RegexBudgetExceededException e) {
      throw BuiltinException.error(e.getMessage());
    } catch (StackOverflowError e) {
      // java.util.regex recurses per repetition of non-trivial groups; RE2 would not.
      throw BuiltinException.error("regular expression too complex for this input (recursion limit reached)");
    }
  }
}
