package com.aibang.egress.rego;

/** A positioned error: renders as "file:line:col: code: message" (or "code: message" without location). */
public record RegoError(String file, int line, int col, String code, String message) {

  /** An error without source location. */
  public static RegoError of(String code, String message) { return new RegoError(null, 0, 0, code, message); }

  @Override
  public String toString() {
    if (file == null || line <= 0) {
      return code + ": " + message;
    }
    return file + ":" + line + (col > 0 ? ":" + col : "") + ": " + code + ": " + message;
  }
}
