package com.aibang.egress.rego.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/** Go's time.ParseDuration: "300ms", "-1.5h", "2h45m" (units ns, us, µs, μs, ms, s, m, h). */
final class GoDuration {
  private static final Map<String, Long> UNIT_NANOS = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** Nanoseconds; throws BuiltinException with Go's "time: ..." text on bad input. */
  static long parseNanos(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128)) {
        i++;
      }
      int intEnd = i;
      int fracEnd = i;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128)) {
          i++;
        }
        fracEnd = i;
      }
      String number = s.substring(start, fracEnd);
      if (intEnd == start && (fracEnd == intEnd || fracEnd - intEnd == 1)) {
        // No digits at all before the unit.
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !(Character.isDigit(s.charAt(i)) && s.charAt(i) < 128)) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new BuiltinException(BuiltinException.BUILTIN_ERROR, "time: missing unit in duration " + GoText.quote(text));
      }
      Long nanos = UNIT_NANOS.get(unit);
      if (nanos == null) {
        throw new BuiltinException(BuiltinException.BUILTIN_ERROR,
            "time: unknown unit " + GoText.quote(unit) + " in duration " + GoText.quote(text));
      }
      String normalized = number.endsWith(".") ? number.substring(0, number.length() - 1) : number;
      normalized = normalized.startsWith(".") ? "0" + normalized : normalized;
      total = total.add(new BigDecimal(normalized).multiply(BigDecimal.valueOf(nanos)));
    }
    BigInteger result = total.setScale(0, RoundingMode.DOWN).toBigInteger();
    if (result.compareTo(MAX) > 0 && !(negative && result.equals(MAX.add(BigInteger.ONE)))) {
      throw invalid(text);
    }
    return negative ? result.negate().longValue() : result.longValue();
  }

  private static BuiltinException invalid(String text) {
    return BuiltinException.error("time: invalid duration " + GoText.quote(text));
  }
}
