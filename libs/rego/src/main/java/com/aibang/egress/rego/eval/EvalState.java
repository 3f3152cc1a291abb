package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.builtins.BuiltinContext;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation context sees: input, `with` overrides and the virtual-document cache.
 * A `with` modifier derives a child state (fresh cache); the error sink and clock are shared.
 */
final class EvalState {
  /** A data override from `with data.a.b as v`. */
  record DataOverride(List<String> path, Value value) {}

  /** A function override from `with f as g`: replacement function name/path, or a constant value. */
  record FunctionOverride(String function, Value constant) {}

  final Value input;
  final List<DataOverride> dataOverrides;
  final Map<String, FunctionOverride> functionOverrides;
  /** Documents computed in this state and the recursion guard shared along `with` derivations. */
  final DocumentSlots documents;
  final Shared shared;
  /**
   * True when documents memoised across queries may be used: no `with` is in effect and nobody
   * listens to the evaluation (a listener must see every expression of every rule).
   */
  final boolean memoAllowed;

  /** State shared by all derived states of one evaluation. */
  static final class Shared {
    final boolean strict;
    final BuiltinContext builtinContext;
    RegoError firstBuiltinError;

    Shared(boolean strict, BuiltinContext builtinContext) {
      this.strict = strict;
      this.builtinContext = builtinContext;
    }
  }

  EvalState(Value input, List<DataOverride> dataOverrides, Map<String, FunctionOverride> functionOverrides,
      Shared shared, DocumentSlots documents) {
    this(input, dataOverrides, functionOverrides, shared, documents, false);
  }

  private EvalState(Value input, List<DataOverride> dataOverrides, Map<String, FunctionOverride> functionOverrides,
      Shared shared, DocumentSlots documents, boolean memoAllowed) {
    this.memoAllowed = memoAllowed;
    this.input = input;
    this.dataOverrides = dataOverrides;
    this.functionOverrides = functionOverrides;
    this.shared = shared;
    this.documents = documents;
  }

  /** nodes: the size of the policy's rule tree ({@link com.aibang.egress.rego.compiler.RuleNode#subtreeSize()} of the root). */
  static EvalState root(Value input, Shared shared, boolean memoAllowed, int nodes) {
    return new EvalState(input, List.of(), Map.of(), shared, DocumentSlots.fresh(nodes), memoAllowed);
  }

  /**
   * The state a memoised document is computed in: no input (the compiler proved it unused), its
   * own builtin-error record (kept with the document), the caller's recursion guard.
   */
  EvalState forMemo(Shared memoShared) {
    return new EvalState(null, List.of(), Map.of(), memoShared, documents.sharingGuard(), true);
  }

  EvalState withInput(Value newInput) {
    return new EvalState(newInput, dataOverrides, functionOverrides, shared, documents.derived());
  }

  EvalState withData(List<String> path, Value v) {
    List<DataOverride> list = new ArrayList<>(dataOverrides);
    list.add(new DataOverride(path, v));
    return new EvalState(input, list, functionOverrides, shared, documents.derived());
  }

  EvalState withoutFunction(String target) {
    Map<String, FunctionOverride> m = new HashMap<>(functionOverrides);
    m.remove(target);
    return new EvalState(input, dataOverrides, m, shared, documents.derived());
  }

  EvalState withFunction(String target, FunctionOverride replacement) {
    Map<String, FunctionOverride> m = new HashMap<>(functionOverrides);
    m.put(target, replacement);
    return new EvalState(input, dataOverrides, m, shared, documents.derived());
  }
}
