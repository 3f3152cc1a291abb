package com.aibang.egress.rego.builtins;

/** A pattern that Go's RE2 parser would reject; the message follows Go's "error parsing regexp: ..." text. */
final class Re2SyntaxException extends RuntimeException {
  Re2SyntaxException(String detail) {
    super("error parsing regexp: " + detail, null, false, false);
  }
}
