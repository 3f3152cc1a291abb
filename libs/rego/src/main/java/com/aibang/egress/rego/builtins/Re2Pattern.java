package com.aibang.egress.rego.builtins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled Go RE2 pattern with Go's regexp operations (FindAll, ReplaceAll, Split).
 *
 * <p>Matching runs on java.util.regex, which backtracks. RE2 guarantees time linear in the
 * input; we cannot, so every match runs against a step budget proportional to
 * input length times pattern size (plus a fixed allowance). A pattern that blows the budget
 * (catastrophic backtracking such as {@code (a+)+$}) fails with {@link RegexBudgetExceededException}
 * instead of hanging the evaluation.
 */
final class Re2Pattern {
  private static final int CACHE_SIZE = 256;
  private static final long BASE_BUDGET = 5_000_000L;
  private static final long BUDGET_PER_CELL = 64L;
  private static final Map<String, Object> CACHE = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<String, Object> e) { return size() > CACHE_SIZE; }
  };

  private final String source;
  private final Pattern pattern;
  private final int groupCount;
  private final Map<String, Integer> groupNames;

  private Re2Pattern(String source, Pattern pattern, Re2Translator.Translation t) {
    this.source = source;
    this.pattern = pattern;
    this.groupCount = t.groupCount();
    this.groupNames = t.groupNames();
  }

  /** Compiles (cached); throws {@link Re2SyntaxException} for patterns RE2 rejects. */
  static Re2Pattern compile(String re2) {
    Object cached;
    synchronized (CACHE) {
      cached = CACHE.get(re2);
    }
    if (cached == null) {
      cached = doCompile(re2);
      synchronized (CACHE) {
        CACHE.put(re2, cached);
      }
    }
    if (cached instanceof Re2SyntaxException e) {
      throw new Re2SyntaxException(e.getMessage().substring("error parsing regexp: ".length()));
    }
    return (Re2Pattern) cached;
  }

  private static Object doCompile(String re2) {
    try {
      Re2Translator.Translation t = Re2Translator.translate(re2);
      return new Re2Pattern(re2, Pattern.compile(t.javaPattern()), t);
    } catch (Re2SyntaxException e) {
      return e;
    } catch (PatternSyntaxException | StackOverflowError e) {
      return new Re2SyntaxException("invalid pattern: `" + re2 + "`");
    }
  }

  static boolean isValid(String re2) {
    try {
      compile(re2);
      return true;
    } catch (Re2SyntaxException e) {
      return false;
    }
  }

  String source() { return source; }

  int groupCount() { return groupCount; }

  private Matcher matcher(String input) {
    long budget = BASE_BUDGET + BUDGET_PER_CELL * (input.length() + 1L) * (source.length() + 1L);
    return pattern.matcher(new BudgetedCharSequence(input, budget));
  }

  boolean matches(String input) {
    return matcher(input).find();
  }

  /** Go's FindAll*Index: up to n matches (n &lt; 0: all), each as group start/end offsets. */
  List<int[]> findAll(String input, int n) {
    List<int[]> result = new ArrayList<>();
    Matcher m = matcher(input);
    int pos = 0;
    int prevMatchEnd = -1;
    while ((n < 0 || result.size() < n) && pos <= input.length()) {
      if (!m.find(pos)) {
        break;
      }
      boolean accept = true;
      if (m.end() == pos) {
        // An empty match right after the previous match is not reported (Go semantics).
        if (m.start() == prevMatchEnd) {
          accept = false;
        }
        pos = pos < input.length() ? pos + Character.charCount(input.codePointAt(pos)) : pos + 1;
      } else {
        pos = m.end();
      }
      prevMatchEnd = m.end();
      if (accept) {
        result.add(groupOffsets(m));
      }
    }
    return result;
  }

  private int[] groupOffsets(Matcher m) {
    int[] offsets = new int[2 * (groupCount + 1)];
    for (int g = 0; g <= groupCount; g++) {
      offsets[2 * g] = m.start(g);
      offsets[2 * g + 1] = m.end(g);
    }
    return offsets;
  }

  /** Go's ReplaceAllString: the template may use $1, ${1}, $name, ${name} and $$. */
  String replaceAll(String input, String template) {
    StringBuilder out = new StringBuilder();
    Matcher m = matcher(input);
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= input.length()) {
      if (!m.find(searchPos)) {
        break;
      }
      out.append(input, lastMatchEnd, m.start());
      // No replacement for an empty match immediately after another match.
      if (m.end() > lastMatchEnd || m.start() == 0) {
        GoTemplateExpander.expand(out, template, input, groupOffsets(m), groupNames);
      }
      lastMatchEnd = m.end();
      int width = searchPos < input.length() ? Character.charCount(input.codePointAt(searchPos)) : 1;
      if (searchPos + width > m.end()) {
        searchPos += width;
      } else if (searchPos + 1 > m.end()) {
        searchPos++;
      } else {
        searchPos = m.end();
      }
    }
    out.append(input, Math.min(lastMatchEnd, input.length()), input.length());
    return out.toString();
  }

  /** Go's Split(s, -1). */
  List<String> split(String input) {
    List<String> parts = new ArrayList<>();
    if (!source.isEmpty() && input.isEmpty()) {
      parts.add("");
      return parts;
    }
    int beg = 0;
    int end = 0;
    for (int[] match : findAll(input, -1)) {
      end = match[0];
      if (match[1] != 0) {
        parts.add(input.substring(beg, end));
      }
      beg = match[1];
    }
    if (end != input.length()) {
      parts.add(input.substring(beg));
    }
    return parts;
  }
}
