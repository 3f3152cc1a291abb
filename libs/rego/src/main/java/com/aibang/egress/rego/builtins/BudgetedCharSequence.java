package com.aibang.egress.rego.builtins;

/** A string view that counts character reads and aborts a runaway backtracking match. */
final class BudgetedCharSequence implements CharSequence {
  private final String text;
  private long remaining;

  BudgetedCharSequence(String text, long budget) {
    this.text = text;
    this.remaining = budget;
  }

  @Override public char charAt(int index) {
    if (--remaining < 0) {
      throw new RegexBudgetExceededException();
    }
    return text.charAt(index);
  }

  @Override public int length() { return text.length(); }

  @Override public CharSequence subSequence(int start, int end) { return text.subSequence(start, end); }

  @Override public String toString() { return text; }
}
