package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.NumberValue;
import java.math.BigInteger;

/** bits.* on arbitrary-precision integers (two's complement semantics for negatives, as Go's big.Int). */
public final class BitsBuiltins {
  /** Largest shift accepted; a bigger one would build a number of hundreds of megabytes. */
  private static final int MAX_SHIFT = 1 << 20;

  private BitsBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("bits.and", 2, a -> NumberValue.of(a.integer(0).and(a.integer(1))));
    r.register("bits.or", 2, a -> NumberValue.of(a.integer(0).or(a.integer(1))));
    r.register("bits.xor", 2, a -> NumberValue.of(a.integer(0).xor(a.integer(1))));
    r.register("bits.negate", 1, a -> NumberValue.of(a.integer(0).not()));
    r.register("bits.lsh", 2, a -> NumberValue.of(a.integer(0).shiftLeft(shift(a))));
    r.register("bits.rsh", 2, a -> NumberValue.of(a.integer(0).shiftRight(shift(a))));
  }

  private static int shift(Args a) {
    BigInteger n = a.integer(1);
    if (n.signum() < 0) {
      throw BuiltinException.type(Args.operand(1) + " must be an unsigned integer number but got a negative integer");
    }
    if (n.compareTo(BigInteger.valueOf(MAX_SHIFT)) > 0) {
      throw BuiltinException.error("shift too large (more than " + MAX_SHIFT + " bits)");
    }
    return n.intValue();
  }
}
