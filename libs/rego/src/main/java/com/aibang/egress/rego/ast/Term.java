package com.aibang.egress.rego.ast;

import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;

/**
 * A Rego term. All variants are immutable records nested here. Their lists are copied into
 * immutable lists (a no-op for lists that already are): the evaluator reads them on every step, and
 * with only the JDK's two compact list classes behind them those reads stay cheap, inlined calls.
 */
public sealed interface Term {
  Location loc();

  /** A constant scalar (null, boolean, number, string). */
  record Scalar(Value value, Location loc) implements Term {
    /**
     * Short constant strings (object keys, ref path elements) use the JVM's interned copy: callers'
     * input maps usually have literal or interned keys (code, JSON parsers), so a key lookup by a
     * policy constant matches by identity instead of comparing the text.
     */
    public Scalar {
      if (value instanceof StringValue s && s.value().length() <= INTERNED_MAX && s.value() != s.value().intern()) {
        value = StringValue.of(s.value().intern());
      }
    }

    /** Constant strings up to this length are interned. */
    private static final int INTERNED_MAX = 64;
  }

  /** A variable; also the head of a ref (data, input, import aliases) and builtin operator names. */
  record Var(String name, Location loc) implements Term {
    /** Names are interned: evaluation frames compare variable names by identity. */
    public Var {
      name = name.intern();
    }

    public boolean isWildcard() { return name.startsWith("$_"); }
  }

  /** head followed by path elements (a.b is path [Scalar("b")]). */
  record Ref(Term head, List<Term> path, Location loc, Resolution resolution) implements Term {
    public Ref {
      path = List.copyOf(path);
    }

    public Ref(Term head, List<Term> path, Location loc) {
      this(head, path, loc, new Resolution());
    }

    /** The dotted name if head is a var and every path element a string: "net.cidr_contains". */
    public String dottedName() {
      if (!(head instanceof Var v)) {
        return null;
      }
      StringBuilder sb = new StringBuilder(v.name());
      for (Term t : path) {
        if (!(t instanceof Scalar s) || !(s.value() instanceof StringValue str)) {
          return null;
        }
        sb.append('.').append(str.value());
      }
      return sb.toString();
    }
  }

  record ArrayTerm(List<Term> items, Location loc) implements Term {
    public ArrayTerm {
      items = List.copyOf(items);
    }
  }

  record ObjectTerm(List<Term> keys, List<Term> values, Location loc, Resolution resolution) implements Term {
    public ObjectTerm {
      keys = List.copyOf(keys);
      values = List.copyOf(values);
    }

    public ObjectTerm(List<Term> keys, List<Term> values, Location loc) {
      this(keys, values, loc, new Resolution());
    }
  }

  record SetTerm(List<Term> items, Location loc) implements Term {
    public SetTerm {
      items = List.copyOf(items);
    }
  }

  /**
   * A call. operator is a Var naming a builtin/operator (after compilation always a Var for builtins)
   * or a Ref to a user function (after compilation always rooted at data).
   */
  record Call(Term operator, List<Term> args, Location loc, Resolution resolution) implements Term {
    public Call {
      args = List.copyOf(args);
    }

    public Call(Term operator, List<Term> args, Location loc) {
      this(operator, args, loc, new Resolution());
    }
  }

  record ArrayCompr(Term head, Body body, Location loc) implements Term {}

  record SetCompr(Term head, Body body, Location loc) implements Term {}

  record ObjectCompr(Term key, Term value, Body body, Location loc) implements Term {}

  /** $"..{expr}.." : literal parts and embedded expressions, in order (parts.size() == exprs.size() + 1). */
  record Template(List<String> parts, List<Expr> exprs, Location loc) implements Term {}
}
