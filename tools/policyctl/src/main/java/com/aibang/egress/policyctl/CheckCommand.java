package com.aibang.egress.policyctl;

import com.aibang.egress.rego.RegoException;
import java.util.List;

/** `policyctl check PATH...`: parses and compiles everything, reports every error with its position. */
final class CheckCommand implements Command {
  @Override
  public String name() { return "check"; }

  @Override
  public String summary() { return "parse and compile policies, report every error as file:line:col"; }

  @Override
  public String usage() {
    return """
        Usage: policyctl check PATH...

        Parses and compiles the .rego files (and loads the data files) under each PATH, like
        `opa check`. Every error is printed on stderr as `file:line:col: code: message`
        (codes: rego_parse_error, rego_compile_error, rego_unsafe_var_error, rego_type_error,
        rego_recursion_error). Parse errors of all files are reported together; compile errors are
        reported once every file parses.

        PATH is a directory (loaded like an OPA bundle: *.rego plus data.json/data.yaml at their
        directory's path), a .rego file, or a .json/.yaml data file (merged at the data root).
        Exit code: 0 no errors, 1 any error, 2 usage error.
        """;
  }

  @Override
  public int run(List<String> args, Console console) throws UsageException {
    Options o = new Options().parse(args);
    if (o.positional().isEmpty()) {
      throw new UsageException("at least one PATH is required");
    }
    PolicySet set;
    try {
      set = PolicyLoader.load(o.positional());
    } catch (PolicyLoader.LoadException e) {
      Diagnostics.problem(console.err(), name(), e.getMessage());
      return ExitCodes.FAILURE;
    }
    try {
      var policy = set.compile();
      console.out().println("ok: " + set.modules().size() + " module(s), " + set.dataFiles().size()
          + " data file(s), " + policy.rules().size() + " rule(s)");
      return ExitCodes.OK;
    } catch (RegoException e) {
      Diagnostics.print(e, console.err());
      return ExitCodes.FAILURE;
    }
  }
}
