package com.aibang.egress.rego.builtins;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Go reference-time layout ("2006-01-02T15:04:05Z07:00") into literal text and
 * elements, following the rules of Go's time.nextStdChunk.
 */
final class GoTimeLayout {
  /** Layout elements (Go's std* constants). */
  enum Element {
    LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
    UNDER_YEAR_DAY, ZERO_YEAR_DAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
    LONG_YEAR, YEAR, PM_UPPER, PM_LOWER, TZ_NAME,
    ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ,
    NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ,
    FRAC_ZEROS, FRAC_NINES
  }

  /** One piece of a layout: literal text, or an element (with digit count and separator for fractions). */
  record Chunk(String literal, Element element, int digits, char separator) {
    static Chunk text(String s) { return new Chunk(s, null, 0, ' '); }
    static Chunk of(Element e) { return new Chunk(null, e, 0, ' '); }
  }

  private static final Element[] ZERO_X = {
      Element.ZERO_MONTH, Element.ZERO_DAY, Element.ZERO_HOUR12, Element.ZERO_MINUTE, Element.ZERO_SECOND, Element.YEAR};
  private static final String[][] ZONES = {
      {"-070000", "NUM_SECONDS_TZ"}, {"-07:00:00", "NUM_COLON_SECONDS_TZ"}, {"-0700", "NUM_TZ"},
      {"-07:00", "NUM_COLON_TZ"}, {"-07", "NUM_SHORT_TZ"},
      {"Z070000", "ISO_SECONDS_TZ"}, {"Z07:00:00", "ISO_COLON_SECONDS_TZ"}, {"Z0700", "ISO_TZ"},
      {"Z07:00", "ISO_COLON_TZ"}, {"Z07", "ISO_SHORT_TZ"}};

  private GoTimeLayout() {}

  static List<Chunk> chunks(String layout) {
    List<Chunk> out = new ArrayList<>();
    int literalStart = 0;
    int i = 0;
    while (i < layout.length()) {
      int[] consumed = new int[1];
      Chunk c = elementAt(layout, i, consumed);
      if (c == null) {
        i++;
        continue;
      }
      // "_2006" is a literal '_' followed by the year.
      int textEnd = c.element() == Element.LONG_YEAR && layout.charAt(i) == '_' ? i + 1 : i;
      if (textEnd > literalStart) {
        out.add(Chunk.text(layout.substring(literalStart, textEnd)));
      }
      out.add(c);
      i += consumed[0];
      literalStart = i;
    }
    if (literalStart < layout.length()) {
      out.add(Chunk.text(layout.substring(literalStart)));
    }
    return out;
  }

  private static boolean startsWithLower(String s, int i) {
    return i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z';
  }

  private static Chunk elementAt(String l, int i, int[] consumed) {
    char c = l.charAt(i);
    switch (c) {
      case 'J':
        if (l.startsWith("January", i)) {
          return take(Element.LONG_MONTH, 7, consumed);
        }
        if (l.startsWith("Jan", i) && !startsWithLower(l, i + 3)) {
          return take(Element.MONTH, 3, consumed);
        }
        return null;
      case 'M':
        if (l.startsWith("Monday", i)) {
          return take(Element.LONG_WEEKDAY, 6, consumed);
        }
        if (l.startsWith("Mon", i) && !startsWithLower(l, i + 3)) {
          return take(Element.WEEKDAY, 3, consumed);
        }
        return l.startsWith("MST", i) ? take(Element.TZ_NAME, 3, consumed) : null;
      case '0':
        if (i + 1 < l.length() && l.charAt(i + 1) >= '1' && l.charAt(i + 1) <= '6') {
          return take(ZERO_X[l.charAt(i + 1) - '1'], 2, consumed);
        }
        return l.startsWith("002", i) ? take(Element.ZERO_YEAR_DAY, 3, consumed) : null;
      case '1':
        return l.startsWith("15", i) ? take(Element.HOUR, 2, consumed) : take(Element.NUM_MONTH, 1, consumed);
      case '2':
        return l.startsWith("2006", i) ? take(Element.LONG_YEAR, 4, consumed) : take(Element.DAY, 1, consumed);
      case '_':
        if (l.startsWith("_2006", i)) {
          return take(Element.LONG_YEAR, 5, consumed);
        }
        if (l.startsWith("_2", i)) {
          return take(Element.UNDER_DAY, 2, consumed);
        }
        return l.startsWith("__2", i) ? take(Element.UNDER_YEAR_DAY, 3, consumed) : null;
      case '3':
        return take(Element.HOUR12, 1, consumed);
      case '4':
        return take(Element.MINUTE, 1, consumed);
      case '5':
        return take(Element.SECOND, 1, consumed);
      case 'P':
        return l.startsWith("PM", i) ? take(Element.PM_UPPER, 2, consumed) : null;
      case 'p':
        return l.startsWith("pm", i) ? take(Element.PM_LOWER, 2, consumed) : null;
      case '-', 'Z':
        for (String[] z : ZONES) {
          if (l.startsWith(z[0], i)) {
            return take(Element.valueOf(z[1]), z[0].length(), consumed);
          }
        }
        return null;
      case '.', ',':
        if (i + 1 < l.length() && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
          char digit = l.charAt(i + 1);
          int j = i + 1;
          while (j < l.length() && l.charAt(j) == digit) {
            j++;
          }
          if (j >= l.length() || !Character.isDigit(l.charAt(j))) {
            consumed[0] = j - i;
            return new Chunk(null, digit == '0' ? Element.FRAC_ZEROS : Element.FRAC_NINES, j - i - 1, c);
          }
        }
        return null;
      default:
        return null;
    }
  }

  private static Chunk take(Element e, int length, int[] consumed) {
    consumed[0] = length;
    return Chunk.of(e);
  }
}
