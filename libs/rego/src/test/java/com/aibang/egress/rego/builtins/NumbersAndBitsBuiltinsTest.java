package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;

import org.junit.jupiter.api.Test;

class NumbersAndBitsBuiltinsTest {
  private static final String TYPE = BuiltinException.TYPE_ERROR;
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void ranges() {
    assertCall("[0]", "numbers.range", json("0"), json("0"));
    assertCall("[2, 1, 0, -1, -2, -3]", "numbers.range", json("2"), json("-3"));
    assertCall("[49649733057, 49649733058, 49649733059]", "numbers.range", json("49649733057"), json("49649733059"));
    assertFails(TYPE, "operand 1 must be integer number but got floating-point number", "numbers.range", json("3.14"), json("4"));
    assertCall("[0, 2, 4, 6, 8, 10]", "numbers.range_step", json("0"), json("10"), json("2"));
    assertCall("[10, 8, 6, 4]", "numbers.range_step", json("10"), json("3"), json("2"));
    assertCall("[0]", "numbers.range_step", json("0"), json("10"), json("99999999999999999999"));
    assertFails(ERR, "step must be a positive integer", "numbers.range_step", json("0"), json("10"), json("-2"));
  }

  @Test
  void bitsAreExactOnBigIntegers() {
    assertCall("1", "bits.and", json("7"), json("9"));
    assertCall("15", "bits.or", json("7"), json("9"));
    assertCall("41", "bits.xor", json("42"), json("3"));
    assertCall("-43", "bits.negate", json("42"));
    assertCall("18446744073709551614", "bits.lsh", json("9223372036854775807"), json("1"));
    assertCall("1", "bits.rsh", json("8"), json("3"));
    assertCall("-1", "bits.rsh", json("-8"), json("4"));
    assertFails(TYPE, "operand 1 must be integer number but got floating-point number", "bits.and", json("7.2"), json("42"));
    assertFails(TYPE, "operand 2 must be an unsigned integer number but got a negative integer", "bits.lsh", json("7"), json("-1"));
  }
}
