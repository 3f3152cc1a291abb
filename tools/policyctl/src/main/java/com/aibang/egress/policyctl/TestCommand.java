package com.aibang.egress.policyctl;

import com.aibang.egress.rego.EvalOptions;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.RegoTestRunner;
import com.aibang.egress.rego.TestResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** `policyctl test`: runs every `test_*` rule like `opa test`. */
final class TestCommand implements Command {
  private static final String RULE = "-".repeat(80);

  @Override
  public String name() { return "test"; }

  @Override
  public String summary() { return "run the test_* rules (like opa test)"; }

  @Override
  public String usage() {
    return """
        Usage: policyctl test [-v] [--run REGEX] [--coverage] PATH...

        Loads and compiles PATH... (as `policyctl check` does), then evaluates every rule whose name
        starts with test_. A test PASSes when it is defined and true, FAILs when it is undefined or
        has another value, and is an ERROR when its evaluation raises an error.

        Options:
          -v, --verbose   print every test (default: only failing ones), with its time
          --run REGEX     only tests whose full name (data.pkg.test_x) matches REGEX (find semantics)
          --coverage      also print line coverage per policy file (not *_test.rego): the share of
                          rule heads and expressions the tests evaluated, and the lines never reached

        Output (stdout): one line per shown test, e.g.
          FAIL data.egress_test.test_deny (policies/egress/egress_test.rego:42)
              undefined
        then a line of dashes and the summary: `PASS: n/total`, plus `FAIL: n/total` and
        `ERROR: n/total` when there are any. With --coverage, then per file:
          policies/egress/egress.rego   93.5% (58/62)     not covered: 27, 40-41, 88
        Exit code: 0 when every test passes, 1 when any fails or errors, when no test matched, or on
        policy errors; 2 usage error.
        """;
  }

  @Override
  public int run(List<String> args, Console console) throws UsageException {
    Options o = new Options().flag("-v", "--verbose").option("--run").flag("--coverage").parse(args);
    if (o.positional().isEmpty()) {
      throw new UsageException("at least one PATH is required");
    }
    Pattern filter = null;
    String regex = o.value("--run");
    if (regex != null) {
      try {
        filter = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new UsageException("invalid --run regular expression: " + e.getDescription());
      }
    }
    PolicySet set;
    RegoPolicy policy;
    try {
      set = PolicyLoader.load(o.positional());
      policy = set.compile();
    } catch (PolicyLoader.LoadException e) {
      Diagnostics.problem(console.err(), name(), e.getMessage());
      return ExitCodes.FAILURE;
    } catch (RegoException e) {
      Diagnostics.print(e, console.err());
      return ExitCodes.FAILURE;
    }
    CoverageReport coverage = o.has("--coverage") ? new CoverageReport() : null;
    List<TestResult> results = RegoTestRunner.run(policy, filter, EvalOptions.DEFAULT.withListener(coverage));
    if (results.isEmpty()) {
      Diagnostics.problem(console.err(), name(), "no test rules found"
          + (regex == null ? "" : " matching --run " + regex) + " (test rules are named test_*)");
      return ExitCodes.FAILURE;
    }
    boolean verbose = o.has("-v");
    PrintStream out = console.out();
    for (TestResult r : results) {
      if (verbose || r.status() != TestResult.Status.PASS) {
        print(r, verbose, out);
      }
    }
    long passed = count(results, TestResult.Status.PASS);
    long failed = count(results, TestResult.Status.FAIL);
    long errors = count(results, TestResult.Status.ERROR);
    out.println(RULE);
    out.println("PASS: " + passed + "/" + results.size());
    if (failed > 0) {
      out.println("FAIL: " + failed + "/" + results.size());
    }
    if (errors > 0) {
      out.println("ERROR: " + errors + "/" + results.size());
    }
    if (coverage != null) {
      coverage.print(set.modules(), out);
    }
    return passed == results.size() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static void print(TestResult r, boolean verbose, PrintStream out) {
    String time = verbose ? String.format(Locale.ROOT, " %.1fms", r.nanos() / 1e6) : "";
    out.println(r.status() + " " + r.name() + " (" + r.file() + ":" + r.line() + ")" + time);
    if (r.status() != TestResult.Status.PASS && !r.detail().isEmpty()) {
      for (String line : r.detail().split("\n")) {
        out.println("    " + line);
      }
    }
  }

  private static long count(List<TestResult> results, TestResult.Status s) {
    return results.stream().filter(r -> r.status() == s).count();
  }
}
