package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.EvalLimits;
import com.aibang.egress.rego.EvalListener;
import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.builtins.BuiltinContext;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import com.aibang.egress.rego.compiler.CompiledQuery;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a compiled query against a compiled policy with fresh per-call state. */
public final class QueryRunner {
  private QueryRunner() {}

  /**
   * Collects every solution. A stopping error (conflict, recursion) is returned with the
   * solutions found so far; in strict mode the first builtin failure is returned the same way.
   */
  public static QueryResult run(CompiledPolicy policy, CompiledQuery query, Value input, boolean strict,
      BuiltinContext context) {
    return run(policy, query, input, strict, context, EvalLimits.NONE);
  }

  /** Like {@link #run(CompiledPolicy, CompiledQuery, Value, boolean, BuiltinContext)} within limits. */
  public static QueryResult run(CompiledPolicy policy, CompiledQuery query, Value input, boolean strict,
      BuiltinContext context, EvalLimits limits) {
    return run(policy, query, input, strict, context, limits, null);
  }

  /** Like the other run methods, reporting to listener (null = none). */
  public static QueryResult run(CompiledPolicy policy, CompiledQuery query, Value input, boolean strict,
      BuiltinContext context, EvalLimits limits, EvalListener listener) {
    List<Map<String, Value>> rows = new ArrayList<>();
    RegoError error = solve(policy, query, input, strict, context, limits, listener, frame -> {
      Map<String, Value> row = new LinkedHashMap<>();
      for (String v : query.variables()) {
        Value val = frame.get(v);
        if (val != null) {
          row.put(v, val);
        }
      }
      rows.add(row);
    });
    return new QueryResult(rows, error);
  }

  /** A value of one query variable and the error (if any) of a query run. */
  public record VariableResult(Value value, RegoError error) {}

  /**
   * Like {@link #run(CompiledPolicy, CompiledQuery, Value, boolean, BuiltinContext, EvalLimits, EvalListener)}
   * but keeps only variable's value in the first solution (null when there is none): the same
   * evaluation without a row map per solution, for callers that read one value.
   */
  public static VariableResult firstValue(CompiledPolicy policy, CompiledQuery query, String variable, Value input,
      boolean strict, BuiltinContext context, EvalLimits limits, EvalListener listener) {
    Value[] first = {null};
    boolean[] seen = {false};
    RegoError error = solve(policy, query, input, strict, context, limits, listener, frame -> {
      if (!seen[0]) {
        seen[0] = true;
        first[0] = frame.get(variable);
      }
    });
    return new VariableResult(first[0], error);
  }

  /** Receives the frame of each solution. */
  private interface Solutions {
    void accept(Frame frame);
  }

  private static RegoError solve(CompiledPolicy policy, CompiledQuery query, Value input, boolean strict,
      BuiltinContext context, EvalLimits limits, EvalListener listener, Solutions solutions) {
    Evaluator ev = new Evaluator(policy, limits, listener);
    EvalState.Shared shared = new EvalState.Shared(strict, context);
    EvalState state = EvalState.root(input, shared, listener == null, policy.root().subtreeSize());
    Frame frame = new Frame();
    RegoError error = null;
    try {
      ev.body(query.body(), 0, state, frame, () -> {
        solutions.accept(frame);
        return true;
      });
    } catch (EvalException e) {
      error = e.error();
    } catch (StackOverflowError e) {
      error = RegoError.of(EvalException.INTERNAL, "evaluation too deep (stack overflow)");
    } catch (RuntimeException e) {
      // an interpreter defect must still surface as a Rego error, never as a raw exception
      error = RegoError.of(EvalException.INTERNAL, "internal error: " + e);
    }
    if (error == null && shared.firstBuiltinError != null) {
      error = shared.firstBuiltinError;
    }
    return error;
  }
}
