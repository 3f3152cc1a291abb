package com.aibang.egress.policyctl;

/** Process exit codes of every policyctl command. */
public final class ExitCodes {
  /** Everything passed / succeeded. */
  public static final int OK = 0;
  /** A test failed, a policy has errors, a file could not be read or formatted. */
  public static final int FAILURE = 1;
  /** The command line itself was wrong. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
