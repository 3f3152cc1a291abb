package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** glob.match and glob.quote_meta with gobwas/glob syntax: * ** ? [a-z] [!a] {a,b} and \ escapes. */
public final class GlobBuiltins {
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 1000;

  private GlobBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("glob.match", 3, GlobBuiltins::match);
    r.register("glob.quote_meta", 1, a -> {
      StringBuilder sb = new StringBuilder();
      for (char c : a.string(0).toCharArray()) {
        if ("*?\\[]{}".indexOf(c) >= 0) {
          sb.append('\\');
        }
        sb.append(c);
      }
      return StringValue.of(sb.toString());
    });
  }

  private static Value match(Args a) {
    String pattern = a.string(0);
    List<String> delimiters = new ArrayList<>();
    Value d = a.get(1);
    if (d instanceof ArrayValue arr) {
      for (Value v : arr.items()) {
        if (!(v instanceof StringValue s)) {
          throw BuiltinException.type("operand 2 must be array of strings but got array containing " + v.typeName());
        }
        delimiters.add(s.value());
      }
      if (delimiters.isEmpty()) {
        delimiters.add(".");
      }
    } else if (!(d instanceof NullValue)) {
      throw a.typeError(1, "one of {array, null}");
    }
    String subject = a.string(2);
    String key = pattern + "\u0000" + String.join("\u0000", delimiters);
    Pattern p = CACHE.get(key);
    if (p == null) {
      p = Pattern.compile(toRegex(pattern, delimiters), Pattern.DOTALL);
      if (CACHE.size() < CACHE_LIMIT) {
        CACHE.put(key, p);
      }
    }
    return BooleanValue.of(p.matcher(subject).matches());
  }

  /** Translates a glob into an anchored java.util.regex pattern. */
  static String toRegex(String glob, List<String> delimiters) {
    StringBuilder delims = new StringBuilder();
    for (String s : delimiters) {
      for (char c : s.toCharArray()) {
        delims.append(escapeClassChar(c));
      }
    }
    String notDelim = delims.length() == 0 ? "." : "[^" + delims + "]";
    StringBuilder out = new StringBuilder();
    int depth = 0;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 >= glob.length()) {
            throw BuiltinException.error("unexpected end of input");
          }
          out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        }
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            out.append(".*");
            i++;
          } else {
            out.append(notDelim).append('*');
          }
        }
        case '?' -> out.append(notDelim);
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0) {
            throw BuiltinException.error("unexpected end of input");
          }
          String body = glob.substring(i + 1, end);
          boolean negate = body.startsWith("!");
          if (negate) {
            body = body.substring(1);
          }
          StringBuilder cls = new StringBuilder(negate ? "[^" : "[");
          for (int k = 0; k < body.length(); k++) {
            char bc = body.charAt(k);
            cls.append(bc == '-' && k > 0 && k < body.length() - 1 ? "-" : escapeClassChar(bc));
          }
          out.append(cls).append(']');
          i = end;
        }
        case '{' -> {
          depth++;
          out.append("(?:");
        }
        case '}' -> {
          if (depth == 0) {
            out.append("\\}");
          } else {
            depth--;
            out.append(')');
          }
        }
        case ',' -> out.append(depth > 0 ? "|" : ",");
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (depth != 0) {
      throw BuiltinException.error("unexpected end of input");
    }
    return out.toString();
  }

  private static String escapeClassChar(char c) {
    return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
  }
}
