package com.aibang.egress.policyctl;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import java.io.PrintStream;

/** Writes errors the same way in every command: one `file:line:col: code: message` line each. */
final class Diagnostics {
  private Diagnostics() {}

  /** Prints every error of e and a count line; returns the number of errors. */
  static int print(RegoException e, PrintStream err) {
    for (RegoError error : e.errors()) {
      err.println(error);
    }
    int n = e.errors().size();
    if (n > 1) {
      err.println(n + " errors");
    }
    return n;
  }

  static void problem(PrintStream err, String command, String message) {
    err.println(PolicyCtl.PROGRAM + " " + command + ": " + message);
  }
}
