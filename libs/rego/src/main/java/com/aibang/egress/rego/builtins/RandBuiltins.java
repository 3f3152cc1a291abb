package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.NumberValue;
import java.math.BigInteger;
import java.util.concurrent.ThreadLocalRandom;

/** rand.intn(key, n): a random integer in [0, |n|), the same for the same key and n within one evaluation. */
public final class RandBuiltins {
  private RandBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.markNondeterministic("rand.intn");
    r.register("rand.intn", 2, a -> {
      String key = a.string(0);
      BigInteger n = a.integer(1).abs();
      if (n.signum() == 0) {
        return NumberValue.ZERO;
      }
      if (n.bitLength() > 63) {
        throw BuiltinException.error(Args.operand(1) + " out of range");
      }
      long bound = n.longValue();
      return a.context().memo("rand.intn\u0000" + key + "\u0000" + bound,
          () -> NumberValue.of(ThreadLocalRandom.current().nextLong(bound)));
    });
  }
}
