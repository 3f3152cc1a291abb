package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.util.List;

/**
 * Operands of one builtin call with typed accessors. Accessors throw eval_type_error with OPA's
 * wording ("operand 2 must be string but got number"); operand indexes are 0-based in code.
 */
public final class Args {
  private final String name;
  private final Value[] values;
  private final BuiltinContext context;

  public Args(String name, List<Value> values, BuiltinContext context) {
    this(name, values.toArray(new Value[0]), context);
  }

  /** Operands in an array the caller hands over (never written again): no list around them. */
  public Args(String name, Value[] values, BuiltinContext context) {
    this.name = name;
    this.values = values;
    this.context = context;
  }

  public String name() { return name; }

  public int size() { return values.length; }

  public Value get(int i) { return values[i]; }

  public List<Value> all() { return java.util.Arrays.asList(values); }

  public BuiltinContext context() { return context; }

  public String string(int i) { return as(i, StringValue.class, "string").value(); }

  public NumberValue number(int i) { return as(i, NumberValue.class, "number"); }

  public boolean bool(int i) { return as(i, BooleanValue.class, "boolean").value(); }

  public ArrayValue array(int i) { return as(i, ArrayValue.class, "array"); }

  public ObjectValue object(int i) { return as(i, ObjectValue.class, "object"); }

  public SetValue set(int i) { return as(i, SetValue.class, "set"); }

  /** An integer operand ("operand N must be integer number but got floating-point number"). */
  public BigInteger integer(int i) {
    NumberValue n = number(i);
    if (!n.isInteger()) {
      throw BuiltinException.type(operand(i) + " must be integer number but got floating-point number");
    }
    return n.bigInteger();
  }

  /** An integer operand that fits in an int. */
  public int intValue(int i) {
    long small = number(i).smallInteger();
    if (small != NumberValue.NOT_SMALL && small >= Integer.MIN_VALUE && small <= Integer.MAX_VALUE) {
      return (int) small; // no BigInteger for the common small operand
    }
    BigInteger b = integer(i);
    if (b.bitLength() > 31) {
      throw BuiltinException.error(operand(i) + " out of range");
    }
    return b.intValue();
  }

  /** Throws the type error for operand i given the accepted type names, e.g. "one of {set, array}". */
  public BuiltinException typeError(int i, String expected) {
    return BuiltinException.type(operand(i) + " must be " + expected + " but got " + get(i).typeName());
  }

  public static String operand(int i) { return "operand " + (i + 1); }

  private <T extends Value> T as(int i, Class<T> type, String expected) {
    Value v = values[i];
    if (!type.isInstance(v)) {
      throw typeError(i, expected);
    }
    return type.cast(v);
  }
}
