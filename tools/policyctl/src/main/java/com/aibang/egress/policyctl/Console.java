package com.aibang.egress.policyctl;

import java.io.InputStream;
import java.io.PrintStream;

/** Where a command writes results (out) and diagnostics (err), and reads `-` (in). */
public record Console(PrintStream out, PrintStream err, InputStream in) {}
