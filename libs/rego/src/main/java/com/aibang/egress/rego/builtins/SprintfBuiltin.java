package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.RegoText;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * sprintf with Go fmt semantics. Operands are converted like OPA does: integers become big
 * integers, other numbers float64 (or their text when out of range), strings Go strings, and
 * everything else its Rego text.
 */
public final class SprintfBuiltin {
  private SprintfBuiltin() {}

  public static void register(BuiltinRegistry r) {
    r.register("sprintf", 2, a -> StringValue.of(format(a.string(0), a.array(1).items())));
  }

  /** Formats like Go's fmt.Sprintf over converted operands. */
  public static String format(String fmt, List<Value> values) {
    String plain = plainVerbsOnly(fmt, values);
    if (plain != null) {
      return plain;
    }
    List<Object> args = new ArrayList<>();
    for (Value v : values) {
      args.add(convert(v));
    }
    StringBuilder out = new StringBuilder();
    int argIndex = 0;
    int i = 0;
    while (i < fmt.length()) {
      char c = fmt.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      Spec spec = new Spec();
      while (i < fmt.length() && "+-# 0".indexOf(fmt.charAt(i)) >= 0) {
        spec.flags.append(fmt.charAt(i++));
      }
      int start = i;
      while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
        i++;
      }
      spec.width = i > start ? Integer.parseInt(fmt.substring(start, i)) : -1;
      if (i < fmt.length() && fmt.charAt(i) == '.') {
        i++;
        start = i;
        while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
          i++;
        }
        spec.precision = i > start ? Integer.parseInt(fmt.substring(start, i)) : 0;
      }
      if (i >= fmt.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = fmt.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argIndex >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      out.append(pad(spec, formatOne(verb, spec, args.get(argIndex++))));
    }
    if (argIndex < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = argIndex; k < args.size(); k++) {
        if (k > argIndex) {
          out.append(", ");
        }
        out.append(goType(args.get(k))).append('=').append(plain(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static final class Spec {
    final StringBuilder flags = new StringBuilder();
    int width = -1;
    int precision = -1;

    boolean has(char f) { return flags.indexOf(String.valueOf(f)) >= 0; }
  }

  /**
   * The common case of policies ("%v:%v", "denied: %v ...": only %v, one string or small integer
   * per verb) without converting operands or parsing specs; null when anything else is involved
   * (the general path then gives the exact Go output, including its error texts).
   */
  private static String plainVerbsOnly(String fmt, List<Value> values) {
    // sized for the whole result (reason texts outgrow a guess): no copying while appending
    int capacity = fmt.length();
    for (int k = 0; k < values.size(); k++) {
      capacity += values.get(k) instanceof StringValue str ? str.value().length() : 20;
    }
    StringBuilder out = new StringBuilder(capacity);
    int argIndex = 0;
    for (int i = 0; i < fmt.length(); i++) {
      int verb = fmt.indexOf('%', i);
      // literal text up to the next verb in one copy
      out.append(fmt, i, verb < 0 ? fmt.length() : verb);
      if (verb < 0) {
        break;
      }
      i = verb;
      if (i + 1 >= fmt.length() || fmt.charAt(i + 1) != 'v' || argIndex >= values.size()) {
        return null;
      }
      i++;
      Value v = values.get(argIndex++);
      long small;
      if (v instanceof StringValue str) {
        out.append(str.value());
      } else if (v instanceof NumberValue n && n.literal() == null && (small = n.smallInteger()) != NumberValue.NOT_SMALL) {
        out.append(small);
      } else {
        return null;
      }
    }
    return argIndex == values.size() ? out.toString() : null;
  }

  private static Object convert(Value v) {
    if (v instanceof NumberValue n) {
      // OPA: integer literals become big integers; exponent literals go through float64 (or stay text)
      boolean exponentLiteral = n.literal() != null && n.literal().matches(".*[eE].*");
      if (n.isInteger() && !exponentLiteral) {
        return n.bigInteger();
      }
      if (exponentLiteral && Double.isInfinite(n.doubleValue())) {
        return n.literal();
      }
      double d = n.doubleValue();
      return Double.isInfinite(d) ? n.toString() : (Object) d;
    }
    if (v instanceof StringValue s) {
      return s.value();
    }
    return GoText.of(v);
  }

  private static String formatOne(char verb, Spec spec, Object arg) {
    switch (verb) {
      case 'v':
        return arg instanceof Double d ? GoText.formatG(d) : plain(arg);
      case 's':
        return arg instanceof Double ? bad(verb, arg) : truncate(plain(arg), spec.precision);
      case 'q':
        return arg instanceof String s ? GoText.quote(s) : bad(verb, arg);
      case 'd':
        if (arg instanceof BigInteger b) {
          String s = b.toString();
          return spec.has('+') && b.signum() >= 0 ? "+" + s : s;
        }
        return bad(verb, arg);
      case 'x':
      case 'X': {
        String s;
        if (arg instanceof BigInteger b) {
          s = b.toString(16);
        } else if (arg instanceof String str) {
          StringBuilder sb = new StringBuilder();
          for (byte by : str.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", by & 0xff));
          }
          s = sb.toString();
        } else {
          return bad(verb, arg);
        }
        return verb == 'X' ? s.toUpperCase(java.util.Locale.ROOT) : s;
      }
      case 'o':
        return arg instanceof BigInteger b ? b.toString(8) : bad(verb, arg);
      case 'b':
        return arg instanceof BigInteger b ? b.toString(2) : bad(verb, arg);
      case 'f':
      case 'F':
      case 'e':
      case 'g': {
        BigDecimal d;
        if (arg instanceof Double dbl) {
          d = new BigDecimal(dbl);
        } else {
          return bad(verb, arg);
        }
        return formatFloat(verb, spec, d, (Double) arg);
      }
      case 't':
        return "true".equals(arg) || "false".equals(arg) ? (String) arg : bad(verb, arg);
      default:
        return bad(verb, arg);
    }
  }

  private static String formatFloat(char verb, Spec spec, BigDecimal d, double raw) {
    int prec = spec.precision < 0 ? 6 : spec.precision;
    String s;
    if (verb == 'g') {
      s = spec.precision < 0 ? GoText.formatG(raw) : String.format("%." + prec + "g", raw);
    } else if (verb == 'e') {
      s = String.format("%." + prec + "e", raw);
    } else {
      s = d.setScale(prec, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
    return spec.has('+') && raw >= 0 ? "+" + s : s;
  }

  private static String pad(Spec spec, String s) {
    int len = s.codePointCount(0, s.length());
    if (spec.width <= len) {
      return s;
    }
    String fill = (spec.has('0') && !spec.has('-') ? "0" : " ").repeat(spec.width - len);
    if (spec.has('-')) {
      return s + " ".repeat(spec.width - len);
    }
    if (fill.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) {
      return s.charAt(0) + fill + s.substring(1);
    }
    return fill + s;
  }

  private static String truncate(String s, int precision) {
    return precision < 0 || precision >= s.length() ? s : s.substring(0, precision);
  }

  private static String plain(Object arg) {
    return arg instanceof Double d ? GoText.formatG(d) : arg.toString();
  }

  private static String bad(char verb, Object arg) {
    return "%!" + verb + "(" + goType(arg) + "=" + plain(arg) + ")";
  }

  private static String goType(Object arg) {
    if (arg instanceof BigInteger) {
      return "*big.Int";
    }
    return arg instanceof Double ? "float64" : "string";
  }

  /** Rego text of a value as OPA's ast String() prints it (", " and ": " separators). */
  static String regoText(Value v) { return RegoText.write(v); }
}
