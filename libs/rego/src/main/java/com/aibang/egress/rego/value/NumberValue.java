package com.aibang.egress.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/** An arbitrary-precision Rego number, normalised so that 1, 1.0 and 1.00 are the same value. */
public final class NumberValue implements Value {
  public static final NumberValue ZERO = new NumberValue(BigDecimal.ZERO);
  public static final NumberValue ONE = new NumberValue(BigDecimal.ONE);
  /** Integers with more digits than this print in exponent form instead of expanding. */
  private static final int MAX_PLAIN_DIGITS = 1000;

  private final BigDecimal value;
  /** Source text when parsed from a literal (like Go's json.Number); not part of equality. */
  private final String literal;

  private NumberValue(BigDecimal normalised) { this(normalised, null); }

  private NumberValue(BigDecimal normalised, String literal) {
    this.value = normalised;
    this.literal = literal;
  }

  public static NumberValue of(BigDecimal d) {
    if (d.signum() == 0) {
      return ZERO;
    }
    BigDecimal n = d.stripTrailingZeros();
    // Keep integers in non-negative scale so toPlainString/toBigInteger stay cheap.
    if (n.scale() < 0 && n.scale() > -1000) {
      n = n.setScale(0);
    }
    return new NumberValue(n);
  }

  /** Integers are normalised to scale 0, which is what BigDecimal.valueOf(long) gives: no stripping needed. */
  public static NumberValue of(long l) {
    if (l >= 0 && l < SMALL.length) {
      return SMALL[(int) l];
    }
    return new NumberValue(BigDecimal.valueOf(l));
  }

  /** 0..1023 (array indexes, ports, counts) without allocation. */
  private static final NumberValue[] SMALL = new NumberValue[1024];

  static {
    SMALL[0] = ZERO;
    for (int i = 1; i < SMALL.length; i++) {
      SMALL[i] = new NumberValue(BigDecimal.valueOf(i));
    }
  }

  public static NumberValue of(BigInteger i) { return of(new BigDecimal(i)); }

  /** Converts a finite double through its shortest decimal representation. */
  public static NumberValue of(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new ArithmeticException("not a finite number: " + d);
    }
    return of(new BigDecimal(Double.toString(d)));
  }

  /** Parses a JSON/Rego number literal. */
  public static NumberValue parse(String text) {
    NumberValue n = of(new BigDecimal(text));
    return text.equals(n.toString()) ? n : new NumberValue(n.value, text);
  }

  /** The literal this number was parsed from when it differs from its canonical text, else null. */
  public String literal() { return literal; }

  public BigDecimal bigDecimal() { return value; }

  public boolean isInteger() { return value.scale() <= 0; }

  /** Returned by {@link #smallInteger()} for a number that is not a small integer. */
  public static final long NOT_SMALL = Long.MIN_VALUE;

  /** The value when it is an integer of at most 18 digits (no BigInteger needed), else {@link #NOT_SMALL}. */
  public long smallInteger() {
    return value.scale() == 0 && value.precision() <= 18 ? value.longValue() : NOT_SMALL;
  }

  /** The value as BigInteger; only meaningful when {@link #isInteger()}. */
  public BigInteger bigInteger() { return value.toBigInteger(); }

  /** The value as int if it is an integer within int range. */
  public Optional<Integer> intValue() {
    if (!isInteger()) {
      return Optional.empty();
    }
    try {
      return Optional.of(value.intValueExact());
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  public double doubleValue() { return value.doubleValue(); }

  public int signum() { return value.signum(); }

  @Override public int typeRank() { return 2; }
  @Override public String typeName() { return "number"; }
  @Override public int compareSameType(Value other) {
    return value.compareTo(((NumberValue) other).value);
  }
  @Override public boolean equals(Object o) {
    return o == this || o instanceof NumberValue n && value.compareTo(n.value) == 0;
  }
  @Override public int hashCode() { return value.hashCode(); }

  /** JSON text: integers without exponent, decimals in plain notation. */
  @Override public String toString() {
    if (isInteger() && value.precision() - value.scale() <= MAX_PLAIN_DIGITS) {
      return value.toBigInteger().toString();
    }
    if (isInteger()) {
      // 1e10000001 would expand to ten million digits (found by fuzzing): keep the exponent
      return value.toString().replace("E+", "e");
    }
    int exp = value.precision() - value.scale() - 1;
    if (exp < -20 || exp > 20) {
      return value.toString().replace("E+", "e").replace("E-", "e-");
    }
    return value.toPlainString();
  }
}
