package com.aibang.egress.policyctl;

/** A wrong command line: reported with the command's usage, exit code 2. */
public class UsageException extends Exception {
  public UsageException(String message) { super(message); }
}
