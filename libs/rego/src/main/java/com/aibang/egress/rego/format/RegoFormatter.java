package com.aibang.egress.rego.format;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.compiler.CompileErrors;
import com.aibang.egress.rego.parser.ParseException;
import com.aibang.egress.rego.parser.Parser;

/**
 * Canonical formatting of Rego v1 source, in the style of {@code opa fmt}. Every result is verified
 * before it is returned: the output must parse to the same AST as the input (positions ignored) and
 * formatting it again must not change it; otherwise a {@value #FORMAT_ERROR} is thrown instead.
 */
public final class RegoFormatter {
  /** Error code when the formatter cannot guarantee an unchanged meaning (a formatter defect). */
  public static final String FORMAT_ERROR = "rego_format_error";

  private RegoFormatter() {}

  /**
   * Formats one module. Throws {@link RegoException} with a positioned {@code rego_parse_error} when
   * the source does not parse, or a {@value #FORMAT_ERROR} when the verification fails.
   */
  public static String format(String file, String source) throws RegoException {
    Module original = parse(file, source);
    String formatted = print(file, source, original);
    Module reparsed;
    try {
      reparsed = parse(file, formatted);
    } catch (RegoException e) {
      throw failure(file, 0, "formatted output does not parse (" + e.errors().get(0).message() + ")");
    }
    Module before = AstShape.of(original);
    Module after = AstShape.of(reparsed);
    if (!before.equals(after)) {
      throw failure(file, firstDifference(original, before, after), "formatting would change the meaning");
    }
    if (!print(file, formatted, reparsed).equals(formatted)) {
      throw failure(file, 0, "formatting is not stable (a second pass changes the output)");
    }
    return formatted;
  }

  /** True when both texts parse to the same AST, positions ignored (parse errors propagate). */
  public static boolean sameMeaning(String file, String a, String b) throws RegoException {
    return AstShape.of(parse(file, a)).equals(AstShape.of(parse(file, b)));
  }

  private static String print(String file, String source, Module module) {
    try {
      return new ModulePrinter(new SourceText(source)).print(module);
    } catch (RuntimeException e) {
      throw failure(file, 0, "cannot format: " + e.getMessage());
    }
  }

  /** Experimental keywords are accepted so every module that compiles anywhere can be formatted. */
  private static Module parse(String file, String source) {
    try {
      return Parser.parseModule(file, source, true);
    } catch (ParseException e) {
      throw new RegoException(new RegoError(file, e.line(), e.col(), CompileErrors.PARSE, e.getMessage()));
    } catch (RuntimeException e) {
      // a parser defect must still come back as a Rego error, never as a raw exception
      throw new RegoException(new RegoError(file, 0, 0, CompileErrors.PARSE, "cannot parse: " + e));
    }
  }

  private static int firstDifference(Module original, Module before, Module after) {
    if (!before.packageRef().equals(after.packageRef()) || !before.imports().equals(after.imports())) {
      return original.packageRef().loc().line();
    }
    for (int i = 0; i < before.rules().size(); i++) {
      Rule r = before.rules().get(i);
      if (i >= after.rules().size() || !r.equals(after.rules().get(i))) {
        return original.rules().get(i).loc().line();
      }
    }
    return 0;
  }

  private static RegoException failure(String file, int line, String message) {
    return new RegoException(new RegoError(file, line, 0, FORMAT_ERROR,
        message + "; the file is left unchanged (please report this formatter defect)"));
  }
}
