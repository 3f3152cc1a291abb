package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.NumberValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** units.parse (SI and IEC suffixes, "m" = milli) and units.parse_bytes (whole bytes). */
public final class UnitsBuiltins {
  /** Optional sign, digits/dots, optional exponent (only when digits follow the e), then the unit. */
  private static final Pattern AMOUNT = Pattern.compile("([+-]?[0-9.]*)([eE][+-]?[0-9]+)?(.*)", Pattern.DOTALL);
  /** Exponents beyond this are refused instead of building enormous numbers. */
  private static final int MAX_EXPONENT = 1000;

  private static final BigDecimal KI = BigDecimal.valueOf(1024);
  private static final Map<String, BigDecimal> UNIT_FACTORS = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("m", new BigDecimal("0.001")),
      Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("K", BigDecimal.TEN.pow(3)),
      Map.entry("ki", KI), Map.entry("Ki", KI),
      Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("mi", KI.pow(2)), Map.entry("Mi", KI.pow(2)),
      Map.entry("g", BigDecimal.TEN.pow(9)), Map.entry("G", BigDecimal.TEN.pow(9)),
      Map.entry("gi", KI.pow(3)), Map.entry("Gi", KI.pow(3)),
      Map.entry("t", BigDecimal.TEN.pow(12)), Map.entry("T", BigDecimal.TEN.pow(12)),
      Map.entry("ti", KI.pow(4)), Map.entry("Ti", KI.pow(4)),
      Map.entry("p", BigDecimal.TEN.pow(15)), Map.entry("P", BigDecimal.TEN.pow(15)),
      Map.entry("pi", KI.pow(5)), Map.entry("Pi", KI.pow(5)),
      Map.entry("e", BigDecimal.TEN.pow(18)), Map.entry("E", BigDecimal.TEN.pow(18)),
      Map.entry("ei", KI.pow(6)), Map.entry("Ei", KI.pow(6)));
  private static final Map<String, BigDecimal> BYTE_FACTORS = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("kb", BigDecimal.TEN.pow(3)),
      Map.entry("ki", KI), Map.entry("kib", KI),
      Map.entry("m", BigDecimal.TEN.pow(6)), Map.entry("mb", BigDecimal.TEN.pow(6)),
      Map.entry("mi", KI.pow(2)), Map.entry("mib", KI.pow(2)),
      Map.entry("g", BigDecimal.TEN.pow(9)), Map.entry("gb", BigDecimal.TEN.pow(9)),
      Map.entry("gi", KI.pow(3)), Map.entry("gib", KI.pow(3)),
      Map.entry("t", BigDecimal.TEN.pow(12)), Map.entry("tb", BigDecimal.TEN.pow(12)),
      Map.entry("ti", KI.pow(4)), Map.entry("tib", KI.pow(4)),
      Map.entry("p", BigDecimal.TEN.pow(15)), Map.entry("pb", BigDecimal.TEN.pow(15)),
      Map.entry("pi", KI.pow(5)), Map.entry("pib", KI.pow(5)),
      Map.entry("e", BigDecimal.TEN.pow(18)), Map.entry("eb", BigDecimal.TEN.pow(18)),
      Map.entry("ei", KI.pow(6)), Map.entry("eib", KI.pow(6)));

  private UnitsBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("units.parse", 1, a -> {
      Amount amt = split(a.string(0), "");
      // Only the tail is case-folded, so that "m" (milli) and "M" (mega) stay distinct.
      String unit = amt.unit().length() > 1
          ? amt.unit().charAt(0) + amt.unit().substring(1).toLowerCase(Locale.ROOT) : amt.unit();
      BigDecimal factor = UNIT_FACTORS.get(unit);
      if (factor == null) {
        throw BuiltinException.error("unknown unit " + GoText.quote(amt.unit()));
      }
      return NumberValue.of(amt.number("").multiply(factor));
    });
    r.register("units.parse_bytes", 1, a -> {
      Amount amt = split(a.string(0), "byte ");
      BigDecimal factor = BYTE_FACTORS.get(amt.unit().toLowerCase(Locale.ROOT));
      if (factor == null) {
        throw BuiltinException.error("byte unit " + GoText.quote(amt.unit()) + " not recognized");
      }
      return NumberValue.of(amt.number("byte ").multiply(factor).setScale(0, RoundingMode.DOWN));
    });
  }

  private record Amount(String mantissa, String exponent, String unit) {
    BigDecimal number(String what) {
      if (exponent != null && Math.abs(Long.parseLong(exponent.substring(1).replace("+", ""))) > MAX_EXPONENT) {
        throw BuiltinException.error("exponent too large");
      }
      try {
        return new BigDecimal(mantissa + (exponent == null ? "" : exponent));
      } catch (NumberFormatException e) {
        throw BuiltinException.error("could not parse " + what + "amount to a number");
      }
    }
  }

  /** Splits "1.5e3Ki" into amount and unit after dropping quotes; what is "byte " for parse_bytes messages. */
  private static Amount split(String raw, String what) {
    String s = raw.replace("\"", "");
    if (s.contains(" ")) {
      throw BuiltinException.error("spaces not allowed in resource strings");
    }
    Matcher m = AMOUNT.matcher(s);
    m.matches();
    String mantissa = m.group(1);
    if (mantissa.chars().noneMatch(Character::isDigit)) {
      throw BuiltinException.error("no " + what + "amount provided");
    }
    if (exponentTooLong(m.group(2))) {
      throw BuiltinException.error("exponent too large");
    }
    return new Amount(mantissa, m.group(2), m.group(3));
  }

  private static boolean exponentTooLong(String exponent) {
    return exponent != null && exponent.replaceAll("[eE+-]", "").replaceFirst("^0+", "").length() > 6;
  }
}
