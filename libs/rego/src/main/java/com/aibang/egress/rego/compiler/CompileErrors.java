package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.ast.Location;
import java.util.ArrayList;
import java.util.List;

/** Collects compile errors so all of them can be reported at once. */
public final class CompileErrors {
  public static final String COMPILE = "rego_compile_error";
  public static final String UNSAFE = "rego_unsafe_var_error";
  public static final String TYPE = "rego_type_error";
  public static final String RECURSION = "rego_recursion_error";
  public static final String PARSE = "rego_parse_error";

  private final List<RegoError> errors = new ArrayList<>();

  public void add(String code, Location loc, String message) {
    errors.add(new RegoError(loc == null ? null : loc.file(), loc == null ? 0 : loc.line(),
        loc == null ? 0 : loc.col(), code, message));
  }

  public boolean isEmpty() { return errors.isEmpty(); }

  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new RegoException(errors);
    }
  }
}
