package com.aibang.egress.rego.builtins;

/**
 * A builtin failure. The message excludes the builtin name (the evaluator prefixes it).
 * code is eval_type_error (wrong operand type) or eval_builtin_error (anything else).
 */
public class BuiltinException extends RuntimeException {
  public static final String TYPE_ERROR = "eval_type_error";
  public static final String BUILTIN_ERROR = "eval_builtin_error";

  private final String code;

  public BuiltinException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static BuiltinException type(String message) { return new BuiltinException(TYPE_ERROR, message); }

  public static BuiltinException error(String message) { return new BuiltinException(BUILTIN_ERROR, message); }

  public String code() { return code; }
}
