package com.aibang.egress.rego.builtins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether two "glob-like" regular expressions (literals, '.', [sets], '*', '+', '\'
 * escapes) can match a common string, as regex.globs_match does: both become small automata and
 * their product is searched for a path to the accepting state.
 */
final class GlobIntersection {
  private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

  private GlobIntersection() {}

  /** A set of code points as sorted, disjoint, inclusive ranges. */
  private record CharSet(List<int[]> ranges) {
    static CharSet any() { return new CharSet(List.of(new int[] {0, MAX_CODE_POINT})); }

    static CharSet of(int cp) { return new CharSet(List.of(new int[] {cp, cp})); }

    boolean intersects(CharSet other) {
      for (int[] a : ranges) {
        for (int[] b : other.ranges) {
          if (a[0] <= b[1] && b[0] <= a[1]) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** One token: a character set matched once, or any number of times (star). */
  private record Token(CharSet set, boolean star) {}

  static boolean intersect(String a, String b) {
    List<Token> x = tokenize(a);
    List<Token> y = tokenize(b);
    Deque<int[]> work = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    push(work, seen, x, y, 0, 0);
    while (!work.isEmpty()) {
      int[] s = work.pop();
      int i = s[0];
      int j = s[1];
      if (i == x.size() && j == y.size()) {
        return true;
      }
      if (i < x.size() && j < y.size() && x.get(i).set().intersects(y.get(j).set())) {
        // Consume one common character; a star token may stay where it is.
        int[] nextI = x.get(i).star() ? new int[] {i, i + 1} : new int[] {i + 1};
        int[] nextJ = y.get(j).star() ? new int[] {j, j + 1} : new int[] {j + 1};
        for (int ni : nextI) {
          for (int nj : nextJ) {
            push(work, seen, x, y, ni, nj);
          }
        }
      }
    }
    return false;
  }

  /** Adds a state and everything reachable from it by skipping star tokens (matching them zero times). */
  private static void push(Deque<int[]> work, Set<Long> seen, List<Token> x, List<Token> y, int i, int j) {
    if (!seen.add(((long) i << 32) | j)) {
      return;
    }
    work.push(new int[] {i, j});
    if (i < x.size() && x.get(i).star()) {
      push(work, seen, x, y, i + 1, j);
    }
    if (j < y.size() && y.get(j).star()) {
      push(work, seen, x, y, i, j + 1);
    }
  }

  private static List<Token> tokenize(String glob) {
    List<Token> tokens = new ArrayList<>();
    int[] cps = glob.codePoints().toArray();
    boolean lastWasSet = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      switch (c) {
        case '*', '+' -> {
          if (!lastWasSet) {
            throw invalid(glob, i + 1, "flag '" + (char) c + "' with no preceding character");
          }
          Token last = tokens.remove(tokens.size() - 1);
          if (c == '+') {
            tokens.add(new Token(last.set(), false));
          }
          tokens.add(new Token(last.set(), true));
          lastWasSet = false;
          continue;
        }
        case ']' -> throw invalid(glob, i + 1, "set-close ']' with no preceding '['");
        case '.' -> tokens.add(new Token(CharSet.any(), false));
        case '[' -> {
          int[] end = new int[1];
          tokens.add(new Token(parseSet(glob, cps, i, end), false));
          i = end[0];
        }
        case '\\' -> {
          if (i + 1 >= cps.length) {
            throw invalid(glob, i + 1, "escape '\\' with no following character");
          }
          tokens.add(new Token(CharSet.of(cps[++i]), false));
        }
        default -> tokens.add(new Token(CharSet.of(c), false));
      }
      lastWasSet = true;
    }
    return tokens;
  }

  /** Parses "[...]" starting at cps[start] == '['; end[0] receives the index of the closing ']'. */
  private static CharSet parseSet(String glob, int[] cps, int start, int[] end) {
    int i = start + 1;
    boolean negated = i < cps.length && cps[i] == '^';
    if (negated) {
      i++;
    }
    List<int[]> ranges = new ArrayList<>();
    while (i < cps.length && cps[i] != ']') {
      int lo = cps[i];
      if (lo == '\\' && i + 1 < cps.length) {
        lo = cps[++i];
      }
      int hi = lo;
      if (i + 2 < cps.length && cps[i + 1] == '-' && cps[i + 2] != ']') {
        i += 2;
        hi = cps[i] == '\\' && i + 1 < cps.length ? cps[++i] : cps[i];
        if (hi < lo) {
          throw invalid(glob, i + 1, "range '" + new String(Character.toChars(lo)) + "-"
              + new String(Character.toChars(hi)) + "' is out of order");
        }
      }
      ranges.add(new int[] {lo, hi});
      i++;
    }
    if (i >= cps.length) {
      throw invalid(glob, start + 1, "set-open '[' with no closing ']'");
    }
    end[0] = i;
    return new CharSet(negated ? complement(ranges) : normalize(ranges));
  }

  private static List<int[]> normalize(List<int[]> ranges) {
    List<int[]> sorted = new ArrayList<>(ranges);
    sorted.sort((p, q) -> Integer.compare(p[0], q[0]));
    List<int[]> out = new ArrayList<>();
    for (int[] r : sorted) {
      if (!out.isEmpty() && r[0] <= out.get(out.size() - 1)[1] + 1) {
        out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], r[1]);
      } else {
        out.add(new int[] {r[0], r[1]});
      }
    }
    return out;
  }

  private static List<int[]> complement(List<int[]> ranges) {
    List<int[]> out = new ArrayList<>();
    int next = 0;
    for (int[] r : normalize(ranges)) {
      if (r[0] > next) {
        out.add(new int[] {next, r[0] - 1});
      }
      next = r[1] + 1;
    }
    if (next <= MAX_CODE_POINT) {
      out.add(new int[] {next, MAX_CODE_POINT});
    }
    return out;
  }

  private static BuiltinException invalid(String input, int pos, String reason) {
    return BuiltinException.error("input:" + input + ", pos:" + pos + ", " + reason + ": the input provided is invalid");
  }
}
