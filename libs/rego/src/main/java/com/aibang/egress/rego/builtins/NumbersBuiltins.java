package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** numbers.range and numbers.range_step: inclusive integer sequences, descending when start &gt; end. */
public final class NumbersBuiltins {
  /** Refuse to materialise absurdly long arrays rather than exhaust memory. */
  private static final BigInteger MAX_ELEMENTS = BigInteger.valueOf(1_000_000);

  private NumbersBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("numbers.range", 2, a -> range(a.integer(0), a.integer(1), BigInteger.ONE));
    r.register("numbers.range_step", 3, a -> {
      BigInteger start = a.integer(0);
      BigInteger end = a.integer(1);
      BigInteger step = a.integer(2);
      if (step.signum() <= 0) {
        throw BuiltinException.error("step must be a positive integer");
      }
      return range(start, end, step);
    });
  }

  private static Value range(BigInteger start, BigInteger end, BigInteger step) {
    BigInteger distance = end.subtract(start).abs();
    if (distance.divide(step).compareTo(MAX_ELEMENTS) >= 0) {
      throw BuiltinException.error("range too large (more than " + MAX_ELEMENTS + " elements)");
    }
    BigInteger signedStep = end.compareTo(start) < 0 ? step.negate() : step;
    List<Value> out = new ArrayList<>();
    for (BigInteger i = start; signedStep.signum() > 0 ? i.compareTo(end) <= 0 : i.compareTo(end) >= 0; i = i.add(signedStep)) {
      out.add(NumberValue.of(i));
    }
    return ArrayValue.wrap(out);
  }
}
