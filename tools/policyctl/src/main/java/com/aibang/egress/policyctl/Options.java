package com.aibang.egress.policyctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small getopt: declared flags (no value) and options (one value, repeatable), `--name=value`,
 * `--` ends options; everything else is positional. Unknown options are usage errors.
 */
final class Options {
  private final Set<String> flagNames = new HashSet<>();
  private final Set<String> optionNames = new HashSet<>();
  private final Set<String> setFlags = new HashSet<>();
  private final Map<String, List<String>> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final Map<String, List<String>> aliases = new HashMap<>();

  /** Declares a flag under all its spellings (the first is the canonical name). */
  Options flag(String... names) {
    flagNames.addAll(List.of(names));
    aliases.put(names[0], List.of(names));
    return this;
  }

  /** Declares an option taking a value. */
  Options option(String... names) {
    optionNames.addAll(List.of(names));
    aliases.put(names[0], List.of(names));
    return this;
  }

  Options parse(List<String> args) throws UsageException {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        positional.add(a);
        continue;
      }
      String name = a;
      String inline = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        inline = a.substring(eq + 1);
      }
      if (flagNames.contains(name) && inline == null) {
        setFlags.add(canonical(name));
      } else if (optionNames.contains(name)) {
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          value = args.get(++i);
        }
        values.computeIfAbsent(canonical(name), k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option " + a);
      }
    }
    return this;
  }

  private String canonical(String name) {
    for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
      if (e.getValue().contains(name)) {
        return e.getKey();
      }
    }
    return name;
  }

  boolean has(String canonicalName) { return setFlags.contains(canonicalName); }

  List<String> values(String canonicalName) { return values.getOrDefault(canonicalName, List.of()); }

  /** The single value of an option, or null; given twice is a usage error. */
  String value(String canonicalName) throws UsageException {
    List<String> v = values(canonicalName);
    if (v.size() > 1) {
      throw new UsageException("option " + canonicalName + " given more than once");
    }
    return v.isEmpty() ? null : v.get(0);
  }

  List<String> positional() { return positional; }
}
