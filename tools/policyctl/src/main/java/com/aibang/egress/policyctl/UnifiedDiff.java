package com.aibang.egress.policyctl;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (3 lines of context) of two texts, from a longest-common-subsequence of their lines. */
final class UnifiedDiff {
  private static final int CONTEXT = 3;
  /** Above this many line pairs the diff is one hunk replacing everything (keeps memory bounded). */
  private static final long MAX_CELLS = 16_000_000L;

  private record Op(char kind, String line, int oldLine, int newLine) {}

  private UnifiedDiff() {}

  static String diff(String name, String before, String after) {
    List<Op> ops = ops(lines(before), lines(after));
    StringBuilder sb = new StringBuilder("--- " + name + "\n+++ " + name + " (formatted)\n");
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i).kind() == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int lastChange = i;
      while (end < ops.size() && (ops.get(end).kind() != ' ' || end - lastChange <= 2 * CONTEXT)) {
        if (ops.get(end).kind() != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(ops.size(), lastChange + CONTEXT + 1);
      hunk(ops.subList(start, end), sb);
      i = end;
    }
    return sb.toString();
  }

  private static void hunk(List<Op> ops, StringBuilder sb) {
    int oldStart = 0;
    int newStart = 0;
    int oldCount = 0;
    int newCount = 0;
    for (Op op : ops) {
      if (op.kind() != '+') {
        oldStart = oldStart == 0 ? op.oldLine() : oldStart;
        oldCount++;
      }
      if (op.kind() != '-') {
        newStart = newStart == 0 ? op.newLine() : newStart;
        newCount++;
      }
    }
    sb.append("@@ -").append(oldStart).append(',').append(oldCount)
        .append(" +").append(newStart).append(',').append(newCount).append(" @@\n");
    for (Op op : ops) {
      sb.append(op.kind()).append(op.line()).append('\n');
    }
  }

  private static List<Op> ops(List<String> a, List<String> b) {
    List<Op> out = new ArrayList<>();
    if ((long) a.size() * b.size() > MAX_CELLS) {
      for (int i = 0; i < a.size(); i++) {
        out.add(new Op('-', a.get(i), i + 1, 1));
      }
      for (int j = 0; j < b.size(); j++) {
        out.add(new Op('+', b.get(j), 1, j + 1));
      }
      return out;
    }
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        out.add(new Op(' ', a.get(i), ++i, ++j));
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.add(new Op('-', a.get(i), ++i, j + 1));
      } else {
        out.add(new Op('+', b.get(j), i + 1, ++j));
      }
    }
    return out;
  }

  private static List<String> lines(String s) {
    List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }
}
