package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.SourceFile;
import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.parser.ParseException;
import com.aibang.egress.rego.parser.Parser;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles modules into a {@link CompiledPolicy}, and queries against it. */
public final class Compiler {
  private final BuiltinRegistry builtins;

  public Compiler(BuiltinRegistry builtins) { this.builtins = builtins; }

  /** Parses and compiles all modules; throws RegoException with every error found. */
  public CompiledPolicy compile(List<SourceFile> sources, Value data) {
    return compile(sources, data, false);
  }

  /** experimentalKeywords enables the experimental `and` / `or` keywords (imported per module). */
  public CompiledPolicy compile(List<SourceFile> sources, Value data, boolean experimentalKeywords) {
    List<Module> modules = new ArrayList<>();
    List<RegoError> parseErrors = new ArrayList<>();
    for (SourceFile f : sources) {
      try {
        modules.add(Parser.parseModule(f.name(), f.content(), experimentalKeywords));
      } catch (ParseException e) {
        parseErrors.add(new RegoError(f.name(), e.line(), e.col(), CompileErrors.PARSE, e.getMessage()));
      }
    }
    if (!parseErrors.isEmpty()) {
      throw new RegoException(parseErrors);
    }
    Map<String, Set<String>> ruleNamesByPackage = new HashMap<>();
    Map<String, Integer> arities = new HashMap<>();
    for (Module m : modules) {
      Set<String> names = ruleNamesByPackage.computeIfAbsent(pathKey(m.packageRef()), k -> new HashSet<>());
      for (Rule r : m.rules()) {
        names.add(stringAt(r.ref(), m.packageRef().path().size()));
        if (r.kind() == Rule.Kind.FUNCTION) {
          arities.put(pathKey(r.ref()), r.args().size());
        }
      }
    }
    CompileErrors errors = new CompileErrors();
    Map<Body, Set<String>> locals = VarRewriter.newLocalsMap();
    SafetyOrderer orderer = new SafetyOrderer(locals, builtins, errors, arities);
    RuleNode root = new RuleNode();
    List<CompiledRule> all = new ArrayList<>();
    MetadataIndex metadata = new MetadataIndex(modules);
    for (Module m : modules) {
      PackageInfo pkg = new PackageInfo(strings(m.packageRef()), imports(m),
          ruleNamesByPackage.get(pathKey(m.packageRef())), arities, m);
      VarRewriter rw = new VarRewriter(pkg, builtins, errors, locals);
      RuleNode pkgNode = root;
      for (String seg : pkg.packagePath()) {
        pkgNode = pkgNode.childOrCreate(seg);
      }
      for (Rule r : m.rules()) {
        rw.metadata(metadata.rule(r), metadata.chain(r, m.packageRef()));
        Rule compiled = new RuleCompiler(rw, orderer).compile(r);
        List<String> staticPath = new ArrayList<>();
        List<Term> dynamic = new ArrayList<>();
        for (Term t : compiled.ref().path()) {
          if (dynamic.isEmpty() && t instanceof Term.Scalar s && s.value() instanceof StringValue str) {
            staticPath.add(str.value());
          } else {
            dynamic.add(t);
          }
        }
        CompiledRule cr = new CompiledRule(compiled, List.copyOf(staticPath), List.copyOf(dynamic), all.size());
        all.add(cr);
        RuleNode node = root;
        for (String seg : staticPath) {
          node = node.childOrCreate(seg);
        }
        node.add(cr);
      }
    }
    if (errors.isEmpty()) {
      RuleConflictChecker.check(root, List.of(), errors);
      RecursionChecker.check(all, errors);
    }
    errors.throwIfAny();
    root.freeze();
    DataOnlyAnalysis.mark(root, all, builtins);
    return new CompiledPolicy(root, data, builtins, List.copyOf(all), Map.copyOf(arities));
  }

  /** Compiles a query (no package context) against a compiled policy. */
  public CompiledQuery compileQuery(CompiledPolicy policy, String file, String query) {
    Body body;
    try {
      body = Parser.parseQuery(file, query);
    } catch (ParseException e) {
      throw new RegoException(new RegoError(file, e.line(), e.col(), CompileErrors.PARSE, e.getMessage()));
    }
    return compileQueryBody(policy, body);
  }

  /** Compiles `RESULT_VAR = term` for a single term (e.g. a ref such as data.a.b). */
  public CompiledQuery compileTermQuery(CompiledPolicy policy, String file, String term) {
    Term t;
    try {
      t = Parser.parseTerm(file, term);
    } catch (ParseException e) {
      throw new RegoException(new RegoError(file, e.line(), e.col(), CompileErrors.PARSE, e.getMessage()));
    }
    Location loc = t.loc();
    Term eq = new Term.Call(new Term.Var(VarRewriter.EQ, loc), List.of(new Term.Var(RESULT_VAR, loc), t), loc);
    return compileQueryBody(policy, new Body(List.of(new Expr(false, new Expr.TermExpr(eq), List.of(), loc)), loc));
  }

  /** Name of the variable holding the value in {@link #compileTermQuery}. */
  public static final String RESULT_VAR = "__result__";

  private CompiledQuery compileQueryBody(CompiledPolicy policy, Body body) {
    PackageInfo pkg = new PackageInfo(List.of(), Map.of(), Set.of(), policy.functionArities(), null);
    CompileErrors errors = new CompileErrors();
    Map<Body, Set<String>> locals = VarRewriter.newLocalsMap();
    VarRewriter rw = new VarRewriter(pkg, builtins, errors, locals);
    Scope scope = rw.open(null, List.of(), body.exprs(), true);
    Body rewritten = rw.body(body, scope);
    SafetyOrderer orderer = new SafetyOrderer(locals, builtins, errors, policy.functionArities());
    Body ordered = orderer.order(rewritten, Set.of());
    errors.throwIfAny();
    List<String> vars = new ArrayList<>();
    for (String v : new LinkedHashSet<>(scope.local().values())) {
      if (!v.startsWith("$_")) {
        vars.add(v);
      }
    }
    return new CompiledQuery(ordered, List.copyOf(vars));
  }

  private static Map<String, Term.Ref> imports(Module m) {
    Map<String, Term.Ref> out = new HashMap<>();
    for (Module.Import imp : m.imports()) {
      Term.Ref path = imp.path();
      String root = path.head() instanceof Term.Var v ? v.name() : "";
      if (!root.equals("data") && !root.equals("input")) {
        continue;
      }
      String alias = imp.alias();
      if (alias == null) {
        if (path.path().isEmpty()) {
          continue;
        }
        alias = stringAt(path, path.path().size() - 1);
      }
      out.put(alias, path);
    }
    return out;
  }

  static String pathKey(Term.Ref r) { return VarRewriter.pathKey(r); }

  private static String stringAt(Term.Ref r, int i) {
    if (i < r.path().size() && r.path().get(i) instanceof Term.Scalar s && s.value() instanceof StringValue str) {
      return str.value();
    }
    return "";
  }

  private static List<String> strings(Term.Ref r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.path().size(); i++) {
      out.add(stringAt(r, i));
    }
    return out;
  }

  static Location loc(Expr e) { return e.loc(); }
}
