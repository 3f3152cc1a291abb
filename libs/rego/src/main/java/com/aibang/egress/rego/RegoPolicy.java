package com.aibang.egress.rego;

import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import com.aibang.egress.rego.compiler.CompiledQuery;
import com.aibang.egress.rego.compiler.CompiledRule;
import com.aibang.egress.rego.compiler.Compiler;
import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.eval.QueryRunner;
import com.aibang.egress.rego.eval.SystemBuiltinContext;
import com.aibang.egress.rego.value.JavaValues;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled, immutable, thread-safe policy: modules + base data. Results are plain Java JSON trees:
 * objects LinkedHashMap (canonical key order, non-string keys as JSON text), arrays and sets List,
 * integral numbers BigInteger, other numbers BigDecimal, plus String, Boolean and null.
 */
public final class RegoPolicy {
  private static final int QUERY_CACHE_LIMIT = 1024;
  private static final String QUERY_FILE = "query";

  private final CompiledPolicy compiled;
  private final Compiler compiler;
  private final List<RuleInfo> rules;
  private final Map<String, CompiledQuery> queryCache;
  private final Map<String, CompiledQuery> refCache;
  private final EvalLimits defaultLimits;

  private RegoPolicy(CompiledPolicy compiled, Compiler compiler) {
    this.compiled = compiled;
    this.compiler = compiler;
    Map<String, RuleInfo> byName = new LinkedHashMap<>();
    for (CompiledRule r : compiled.allRules()) {
      byName.putIfAbsent(r.pathKey(), new RuleInfo(r.pathKey(), r.rule().loc().file(), r.rule().loc().line()));
    }
    this.rules = List.copyOf(byName.values());
    this.queryCache = new ConcurrentHashMap<>();
    this.refCache = new ConcurrentHashMap<>();
    this.defaultLimits = EvalLimits.NONE;
  }

  private RegoPolicy(RegoPolicy base, EvalLimits defaultLimits) {
    this.compiled = base.compiled;
    this.compiler = base.compiler;
    this.rules = base.rules;
    this.queryCache = base.queryCache;
    this.refCache = base.refCache;
    this.defaultLimits = defaultLimits;
  }

  /**
   * The same compiled policy (shared, nothing recompiled) whose evaluations default to these limits;
   * {@link EvalOptions#limits()} overrides them per call. A fresh policy has {@link EvalLimits#NONE}.
   */
  public RegoPolicy withDefaultLimits(EvalLimits limits) {
    return new RegoPolicy(this, limits == null ? EvalLimits.NONE : limits);
  }

  /** Limits applied when a call does not set its own. */
  public EvalLimits defaultLimits() { return defaultLimits; }

  /** Compiles modules with base data (plain Java JSON tree, may be null). All errors are in the exception. */
  public static RegoPolicy compile(List<SourceFile> modules, Map<String, Object> data) throws RegoException {
    return compileValue(modules, data == null ? ObjectValue.EMPTY : JavaValues.fromJavaShared(data));
  }

  /** Like {@link #compile(List, Map)} with data already converted to a value. */
  public static RegoPolicy compileValue(List<SourceFile> modules, Value data) throws RegoException {
    return compileValue(modules, data, false);
  }

  /** experimentalKeywords enables `import future.keywords.and` / `or` (experimental in OPA too). */
  public static RegoPolicy compileValue(List<SourceFile> modules, Value data, boolean experimentalKeywords)
      throws RegoException {
    Compiler compiler = new Compiler(BuiltinRegistry.standard());
    return new RegoPolicy(compiler.compile(modules, data, experimentalKeywords), compiler);
  }

  /**
   * Evaluates a reference such as "data.egress.decision"; empty when undefined. input (a plain Java
   * JSON tree) is read lazily during the call and must not be modified until it returns.
   */
  public Optional<Object> evaluate(String ref, Object input) throws RegoException {
    return evaluateValue(ref, input == null ? null : JavaValues.view(input)).map(JavaValues::toJava);
  }

  /** Like {@link #evaluate} on values (input null = undefined). */
  public Optional<Value> evaluateValue(String ref, Value input) throws RegoException {
    return evaluateValue(ref, input, EvalOptions.DEFAULT);
  }

  /** Like {@link #evaluate} with options (limits, strict builtin errors); empty when undefined. */
  public Optional<Object> evaluate(String ref, Object input, EvalOptions options) throws RegoException {
    return evaluateValue(ref, input == null ? null : JavaValues.view(input), options).map(JavaValues::toJava);
  }

  /** Like {@link #evaluateValue(String, Value)} with options. */
  public Optional<Value> evaluateValue(String ref, Value input, EvalOptions options) throws RegoException {
    CompiledQuery q = cached(refCache, ref, () -> compiler.compileTermQuery(compiled, QUERY_FILE, ref));
    EvalOptions o = options == null ? EvalOptions.DEFAULT : options;
    QueryRunner.VariableResult r = QueryRunner.firstValue(compiled, q, Compiler.RESULT_VAR, input,
        o.strictBuiltinErrors(), new SystemBuiltinContext(), limitsFor(o), o.listener());
    if (r.error() != null) {
      throw new RegoException(r.error());
    }
    return Optional.ofNullable(r.value());
  }

  /** All solutions of a query, each a map var name -> plain Java value. */
  public List<Map<String, Object>> query(String query, Object input, EvalOptions options) throws RegoException {
    QueryResult r = queryValues(query, input == null ? null : JavaValues.view(input), options);
    if (r.error() != null) {
      throw new RegoException(r.error());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Value> row : r.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      row.forEach((k, v) -> m.put(k, JavaValues.toJava(v)));
      out.add(m);
    }
    return out;
  }

  /** Full query API on values: solutions plus the error (if any) instead of throwing it. */
  public QueryResult queryValues(String query, Value input, EvalOptions options) throws RegoException {
    CompiledQuery q = cached(queryCache, query, () -> compiler.compileQuery(compiled, QUERY_FILE, query));
    EvalOptions o = options == null ? EvalOptions.DEFAULT : options;
    return QueryRunner.run(compiled, q, input, o.strictBuiltinErrors(), new SystemBuiltinContext(), limitsFor(o),
        o.listener());
  }

  private EvalLimits limitsFor(EvalOptions o) {
    return o.limits() != null ? o.limits() : defaultLimits;
  }

  /** Every rule (one entry per fully qualified name) with the file and line of its first definition. */
  public List<RuleInfo> rules() { return rules; }

  /** Fully qualified names of the packages of all rules. */
  public Set<String> packages() {
    Set<String> out = new LinkedHashSet<>();
    for (RuleInfo r : rules) {
      out.add(r.name().substring(0, r.name().lastIndexOf('.')));
    }
    return out;
  }

  private static CompiledQuery cached(Map<String, CompiledQuery> cache, String key,
      java.util.function.Supplier<CompiledQuery> compile) {
    CompiledQuery q = cache.get(key);
    if (q == null) {
      q = compile.get();
      if (cache.size() < QUERY_CACHE_LIMIT) {
        cache.put(key, q);
      }
    }
    return q;
  }
}
