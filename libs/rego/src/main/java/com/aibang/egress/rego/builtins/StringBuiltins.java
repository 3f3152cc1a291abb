package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** String builtins with Go strings-package semantics (indexes count code points). */
public final class StringBuiltins {
  private StringBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("startswith", 2, a -> BooleanValue.of(a.string(0).startsWith(a.string(1))));
    r.register("endswith", 2, a -> BooleanValue.of(a.string(0).endsWith(a.string(1))));
    r.register("contains", 2, a -> BooleanValue.of(a.string(0).contains(a.string(1))));
    r.register("lower", 1, a -> asciiWithout(a.string(0), 'A', 'Z') ? a.get(0)
        : sameOrNew(a, a.string(0).toLowerCase(Locale.ROOT)));
    r.register("upper", 1, a -> asciiWithout(a.string(0), 'a', 'z') ? a.get(0)
        : sameOrNew(a, a.string(0).toUpperCase(Locale.ROOT)));
    r.register("split", 2, a -> split(a.string(0), a.string(1), -1));
    r.register("strings.split_n", 3, a -> splitN(a.string(0), a.string(1), a.intValue(2)));
    r.register("concat", 2, StringBuiltins::concat);
    r.register("trim", 2, a -> str(trimRight(trimLeft(a.string(0), a.string(1)), a.string(1))));
    r.register("trim_left", 2, a -> str(trimLeft(a.string(0), a.string(1))));
    r.register("trim_right", 2, a -> str(trimRight(a.string(0), a.string(1))));
    r.register("trim_prefix", 2, a -> {
      String s = a.string(0);
      String p = a.string(1);
      return str(s.startsWith(p) ? s.substring(p.length()) : s);
    });
    r.register("trim_suffix", 2, a -> {
      String s = a.string(0);
      String p = a.string(1);
      return str(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
    });
    r.register("trim_space", 1, a -> str(trimRight(trimLeft(a.string(0), " \t\n\r\u000b\f\u0085\u00a0"),
        " \t\n\r\u000b\f\u0085\u00a0")));
    r.register("replace", 3, a -> str(replace(a.string(0), a.string(1), a.string(2), -1)));
    r.register("substring", 3, StringBuiltins::substring);
    r.register("indexof", 2, a -> NumberValue.of(indexOf(a.string(0), a.string(1))));
    r.register("indexof_n", 2, StringBuiltins::indexOfN);
    r.register("format_int", 2, StringBuiltins::formatInt);
    r.register("strings.reverse", 1, a -> str(new StringBuilder(a.string(0)).reverse().toString()));
    r.register("strings.count", 2, a -> NumberValue.of(countOf(a.string(0), a.string(1))));
  }

  static StringValue str(String s) { return StringValue.of(s); }

  /** True when s is all ASCII with no char in from..to: a case mapping would leave it unchanged. */
  private static boolean asciiWithout(String s, char from, char to) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c >= from && c <= to) {
        return false;
      }
    }
    return true;
  }

  /** Operand 0 itself when a case mapping left its text unchanged (memoised data keeps one copy). */
  private static Value sameOrNew(Args a, String mapped) {
    return mapped.equals(a.string(0)) ? a.get(0) : StringValue.of(mapped);
  }

  private static Value concat(Args a) {
    String sep = a.string(0);
    Value operand = a.get(1);
    if (operand instanceof ArrayValue arr) {
      // indexed: concat builds host names and patterns on every decision (no list view, no iterator)
      int n = arr.size();
      if (n == 2 && sep.isEmpty() && arr.get(0) instanceof StringValue x && arr.get(1) instanceof StringValue y) {
        return str(x.value().concat(y.value())); // the common two-part join: one exact-size copy
      }
      int length = sep.length() * Math.max(0, n - 1);
      for (int i = 0; i < n; i++) {
        length += arr.get(i) instanceof StringValue s ? s.value().length() : 0;
      }
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < n; i++) {
        appendPart(sb, sep, i, arr.get(i));
      }
      return str(sb.toString());
    }
    if (!(operand instanceof SetValue set)) {
      throw a.typeError(1, "one of {array, set}");
    }
    // sized up front: regrowing the builder's buffer cost more than this extra pass
    int n = set.size();
    int length = sep.length() * Math.max(0, n - 1);
    for (int i = 0; i < n; i++) {
      length += set.member(i) instanceof StringValue s ? s.value().length() : 0;
    }
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < n; i++) {
      appendPart(sb, sep, i, set.member(i));
    }
    return str(sb.toString());
  }

  private static void appendPart(StringBuilder sb, String sep, int i, Value v) {
    if (!(v instanceof StringValue s)) {
      throw BuiltinException.type("operand 2 must be array of strings but got array containing " + v.typeName());
    }
    if (i > 0) {
      sb.append(sep);
    }
    sb.append(s.value());
  }

  /** OPA strings.split_n: n > 0 keeps the first n parts, n < 0 the last -n parts, 0 none. */
  static Value splitN(String s, String sep, int n) {
    List<Value> all = ((ArrayValue) split(s, sep, -1)).items();
    if (n >= 0) {
      return ArrayValue.of(all.subList(0, Math.min(n, all.size())));
    }
    return ArrayValue.of(all.subList(Math.max(0, all.size() + n), all.size()));
  }

  /** Go strings.SplitN: n < 0 means all, empty separator splits into code points. */
  static Value split(String s, String sep, int n) {
    List<Value> parts = new ArrayList<>();
    if (n == 0) {
      return ArrayValue.EMPTY;
    }
    if (sep.isEmpty()) {
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < cps.length; i++) {
        if (n > 0 && parts.size() == n - 1) {
          parts.add(str(new String(cps, i, cps.length - i)));
          return ArrayValue.wrap(parts);
        }
        parts.add(str(new String(cps, i, 1)));
      }
      return ArrayValue.wrap(parts);
    }
    int start = 0;
    while (n < 0 || parts.size() < n - 1) {
      int idx = s.indexOf(sep, start);
      if (idx < 0) {
        break;
      }
      parts.add(str(s.substring(start, idx)));
      start = idx + sep.length();
    }
    parts.add(str(s.substring(start)));
    return ArrayValue.wrap(parts);
  }

  static String trimLeft(String s, String cutset) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (cutset.indexOf(cp) < 0) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  static String trimRight(String s, String cutset) {
    int end = s.length();
    while (end > 0) {
      int cp = s.codePointBefore(end);
      if (cutset.indexOf(cp) < 0) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  /** Go strings.Replace; an empty old string matches before every code point and at the end. */
  static String replace(String s, String old, String rep, int n) {
    if (old.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      int done = 0;
      int i = 0;
      while (i <= s.length()) {
        if (n < 0 || done < n) {
          sb.append(rep);
          done++;
        }
        if (i == s.length()) {
          break;
        }
        int cp = s.codePointAt(i);
        sb.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
      return sb.toString();
    }
    if (n < 0) {
      return s.replace(old, rep);
    }
    StringBuilder sb = new StringBuilder();
    int start = 0;
    for (int done = 0; done < n; done++) {
      int idx = s.indexOf(old, start);
      if (idx < 0) {
        break;
      }
      sb.append(s, start, idx).append(rep);
      start = idx + old.length();
    }
    return sb.append(s.substring(start)).toString();
  }

  private static Value substring(Args a) {
    String s = a.string(0);
    int start = a.intValue(1);
    int len = a.intValue(2);
    if (start < 0) {
      throw BuiltinException.error("negative offset");
    }
    // offsets are char indexes when every char up to the end of the slice is one code point
    // (a suffix, length < 0, needs only the chars before its start checked)
    int scanTo = len < 0 ? Math.min(start, s.length()) : (int) Math.min(s.length(), start + (long) len);
    if (!hasSurrogates(s, scanTo)) {
      if (start >= s.length()) {
        return StringValue.EMPTY;
      }
      int end = len < 0 || start + (long) len > s.length() ? s.length() : start + len;
      return str(s.substring(start, end));
    }
    int[] cps = s.codePoints().toArray();
    if (start >= cps.length) {
      return StringValue.EMPTY;
    }
    int end = len < 0 || start + (long) len > cps.length ? cps.length : start + len;
    return str(new String(cps, start, end - start));
  }

  private static boolean hasSurrogates(String s, int end) {
    for (int i = 0; i < end; i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Index in code points of the first occurrence, or -1. */
  static int indexOf(String s, String sub) {
    int idx = s.indexOf(sub);
    return idx < 0 ? -1 : s.codePointCount(0, idx);
  }

  private static Value indexOfN(Args a) {
    String s = a.string(0);
    String sub = a.string(1);
    // counted first, then filled: one exactly sized array handed to the result (no list to copy)
    int step = Math.max(1, sub.length());
    int count = 0;
    for (int from = 0, idx; from <= s.length() && (idx = s.indexOf(sub, from)) >= 0; from = idx + step) {
      count++;
    }
    Value[] out = new Value[count];
    int n = 0;
    for (int from = 0, idx; from <= s.length() && (idx = s.indexOf(sub, from)) >= 0; from = idx + step) {
      out[n++] = NumberValue.of(s.codePointCount(0, idx));
    }
    return ArrayValue.wrapArray(out);
  }

  static int countOf(String s, String sub) {
    if (sub.isEmpty()) {
      return s.codePointCount(0, s.length()) + 1;
    }
    int count = 0;
    int from = 0;
    int idx;
    while ((idx = s.indexOf(sub, from)) >= 0) {
      count++;
      from = idx + sub.length();
    }
    return count;
  }

  private static Value formatInt(Args a) {
    NumberValue n = a.number(0);
    BigInteger base = a.integer(1);
    int b = base.intValue();
    if (base.bitLength() > 8 || (b != 2 && b != 8 && b != 10 && b != 16)) {
      throw BuiltinException.type("operand 2 must be one of {2, 8, 10, 16}");
    }
    BigInteger whole = n.bigDecimal().setScale(0, java.math.RoundingMode.DOWN).toBigInteger();
    return str(whole.toString(b));
  }
}
