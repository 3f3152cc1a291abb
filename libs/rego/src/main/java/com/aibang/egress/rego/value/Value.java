package com.aibang.egress.rego.value;

/**
 * An immutable Rego value. Values are totally ordered (Rego's canonical order) and
 * {@code equals}/{@code hashCode} follow Rego equality (1 == 1.0).
 */
public sealed interface Value extends Comparable<Value>
    permits NullValue, BooleanValue, NumberValue, StringValue, ArrayValue, ObjectValue, SetValue {

  /** Rank of this value's type in the canonical order (null=0 ... set=6). */
  int typeRank();

  /** Rego type name as returned by {@code type_name}: null, boolean, number, string, array, object, set. */
  String typeName();

  /** Compares values of the same type rank. */
  int compareSameType(Value other);

  @Override
  default int compareTo(Value other) {
    int r = Integer.compare(typeRank(), other.typeRank());
    return r != 0 ? r : compareSameType(other);
  }

  /** Compact JSON-like Rego text (sets as {a, b}, keys in canonical order). */
  default String toRegoString() {
    return RegoText.write(this);
  }
}
