package com.aibang.egress.rego.value;

/** A Rego string; ordered by code points (which equals UTF-8 byte order). */
public final class StringValue implements Value {
  public static final StringValue EMPTY = new StringValue("");

  private final String value;

  private StringValue(String value) { this.value = value; }

  public static StringValue of(String s) { return s.isEmpty() ? EMPTY : new StringValue(s); }

  public String value() { return value; }

  @Override public int typeRank() { return 3; }
  @Override public String typeName() { return "string"; }
  @Override public int compareSameType(Value other) {
    return compareCodePoints(value, ((StringValue) other).value);
  }

  /** Compares two strings by Unicode code point, matching Go's byte-wise UTF-8 comparison. */
  public static int compareCodePoints(String a, String b) {
    // UTF-16 order equals code point order unless the first difference involves a surrogate
    int n = Math.min(a.length(), b.length());
    for (int k = 0; k < n; k++) {
      char ca = a.charAt(k);
      char cb = b.charAt(k);
      if (ca != cb) {
        return Character.isSurrogate(ca) || Character.isSurrogate(cb) ? compareFrom(a, b) : ca - cb;
      }
    }
    return a.length() - b.length();
  }

  private static int compareFrom(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  @Override public boolean equals(Object o) {
    return o == this || o instanceof StringValue s && s.value.equals(value);
  }
  @Override public int hashCode() { return value.hashCode(); }
  @Override public String toString() { return RegoText.write(this); }
}
