package com.aibang.egress.policyctl;

import com.aibang.egress.rego.EvalOptions;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** `policyctl eval`: evaluates a query against policies, data and an input document. */
final class EvalCommand implements Command {
  @Override
  public String name() { return "eval"; }

  @Override
  public String summary() { return "evaluate a query and print the result set as JSON (like opa eval)"; }

  @Override
  public String usage() {
    return """
        Usage: policyctl eval [-d PATH]... [-i FILE] [--format json|pretty] [--fail]
                              [--strict-builtin-errors] QUERY

        Evaluates QUERY (Rego, e.g. data.egress.decision or `x := data.a[_]; x > 1`).

        Options:
          -d, --data PATH           policies/data to load (repeatable; as in `policyctl check`)
          -i, --input FILE          input document, JSON or YAML (.yaml/.yml); `-` reads stdin
          -f, --format json|pretty  output format (default json)
          --fail                    exit 1 when the result is undefined (no solution)
          --strict-builtin-errors   a failing builtin call is an error instead of undefined

        json output, the shape of `opa eval` (indented with two spaces):
          {"result": [{"expressions": [{"value": V, "text": "data.x", "location": {"row": 1, "col": 1}}],
                       "bindings": {"x": 1}}]}
          one element of "result" per solution; "bindings" (query variables) only when there are any;
          an expression's value is the term's value, or true for assignments, comparisons, `not`,
          `some` and `every`. An undefined query prints {}.
        pretty output: `undefined`, or per solution each binding as `name = JSON` and the value of
          each value expression as indented JSON (solutions separated by a blank line).
        Errors go to stderr as `file:line[:col]: code: message`.
        Exit code: 0 evaluated (also when undefined, unless --fail), 1 errors, 2 usage error.
        """;
  }

  @Override
  public int run(List<String> args, Console console) throws UsageException {
    Options o = new Options().option("-d", "--data").option("-i", "--input").option("-f", "--format")
        .flag("--fail").flag("--strict-builtin-errors").parse(args);
    if (o.positional().size() != 1) {
      throw new UsageException(o.positional().isEmpty() ? "a QUERY is required" : "exactly one QUERY expected");
    }
    String format = o.value("-f") == null ? "json" : o.value("-f");
    if (!format.equals("json") && !format.equals("pretty")) {
      throw new UsageException("unknown --format " + format + " (json or pretty)");
    }
    String query = o.positional().get(0);
    RegoPolicy policy;
    Value input;
    try {
      policy = PolicyLoader.load(o.values("-d")).compile();
      input = readInput(o.value("-i"), console);
    } catch (PolicyLoader.LoadException e) {
      Diagnostics.problem(console.err(), name(), e.getMessage());
      return ExitCodes.FAILURE;
    } catch (RegoException e) {
      Diagnostics.print(e, console.err());
      return ExitCodes.FAILURE;
    }
    EvalOptions options = new EvalOptions(o.has("--strict-builtin-errors"));
    QueryExpressions exprs = QueryExpressions.of(query);
    QueryResult result;
    try {
      result = policy.queryValues(exprs == null ? query : exprs.rewritten(), input, options);
    } catch (RegoException e) {
      if (exprs == null) {
        Diagnostics.print(e, console.err());
        return ExitCodes.FAILURE;
      }
      // report errors against the query as the user wrote it
      try {
        result = policy.queryValues(query, input, options);
        exprs = null;
      } catch (RegoException original) {
        Diagnostics.print(original, console.err());
        return ExitCodes.FAILURE;
      }
    }
    if (result.error() != null) {
      console.err().println(result.error());
      return ExitCodes.FAILURE;
    }
    ResultSet rs = ResultSet.of(result, exprs, query);
    console.out().println(format.equals("json") ? rs.json() : rs.pretty());
    return rs.isEmpty() && o.has("--fail") ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static Value readInput(String file, Console console) throws PolicyLoader.LoadException {
    if (file == null) {
      return null;
    }
    if (file.equals("-")) {
      try {
        return DataDocuments.parseEither("stdin", new String(console.in().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new PolicyLoader.LoadException("stdin: " + e.getMessage());
      }
    }
    Path p = Path.of(file);
    return DataDocuments.parse(file, PolicyLoader.read(p));
  }
}
