package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.GoTimeLayout.Chunk;
import com.aibang.egress.rego.builtins.GoTimeLayout.Element;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/** Go's time.Parse: parses value by a reference-time layout into Unix nanoseconds (UTC unless an offset is given). */
final class GoTimeParser {
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private final String layout;
  private final String original;
  private String value;
  private int year;
  private int month = -1;
  private int day = -1;
  private int yearDay = -1;
  private int hour;
  private int minute;
  private int second;
  private int nanos;
  private boolean pm;
  private boolean am;
  private Integer offsetSeconds;

  private GoTimeParser(String layout, String value) {
    this.layout = layout;
    this.original = value;
    this.value = value;
  }

  static BigInteger parseNanos(String layout, String value) {
    return new GoTimeParser(layout, value).run();
  }

  private BuiltinException bad(String valueElem, String layoutElem) {
    return BuiltinException.error("parsing time " + GoText.quote(original) + " as " + GoText.quote(layout)
        + ": cannot parse " + GoText.quote(valueElem) + " as " + GoText.quote(layoutElem));
  }

  private BuiltinException range(String what) {
    return BuiltinException.error("parsing time " + GoText.quote(original) + ": " + what + " out of range");
  }

  private BigInteger run() {
    List<Chunk> chunks = GoTimeLayout.chunks(layout);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      if (c.literal() != null) {
        skip(c.literal());
      } else {
        Chunk next = i + 1 < chunks.size() ? chunks.get(i + 1) : null;
        element(c, next);
      }
    }
    if (!value.isEmpty()) {
      throw BuiltinException.error("parsing time " + GoText.quote(original) + ": extra text: " + GoText.quote(value));
    }
    if (pm && hour < 12) {
      hour += 12;
    } else if (am && hour == 12) {
      hour = 0;
    }
    LocalDate date = date();
    BigInteger seconds = BigInteger.valueOf(date.toEpochDay()).multiply(BigInteger.valueOf(86_400))
        .add(BigInteger.valueOf(hour * 3600L + minute * 60L + second - (offsetSeconds == null ? 0 : offsetSeconds)));
    return seconds.multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(nanos));
  }

  private LocalDate date() {
    if (yearDay >= 0) {
      int days = LocalDate.of(year, 1, 1).lengthOfYear();
      if (yearDay < 1 || yearDay > days) {
        throw range("day-of-year");
      }
      LocalDate d = LocalDate.ofYearDay(year, yearDay);
      if ((month >= 0 && d.getMonthValue() != month) || (day >= 0 && d.getDayOfMonth() != day)) {
        throw range("day-of-year");
      }
      return d;
    }
    int m = month < 0 ? 1 : month;
    int d = day < 0 ? 1 : day;
    if (d > java.time.YearMonth.of(year, m).lengthOfMonth()) {
      throw range("day");
    }
    return LocalDate.of(year, m, d);
  }

  /** Consumes literal layout text; a space in the layout matches any run of spaces. */
  private void skip(String prefix) {
    String p = prefix;
    while (!p.isEmpty()) {
      if (p.charAt(0) == ' ') {
        if (!value.isEmpty() && value.charAt(0) != ' ') {
          throw bad(value, prefix);
        }
        p = p.stripLeading();
        value = value.replaceFirst("^ +", "");
        continue;
      }
      if (value.isEmpty() || value.charAt(0) != p.charAt(0)) {
        throw bad(value, prefix);
      }
      p = p.substring(1);
      value = value.substring(1);
    }
  }

  private void element(Chunk c, Chunk next) {
    String before = value;
    String elem = c.element().name();
    switch (c.element()) {
      case YEAR -> {
        int y = fixedDigits(2, before, elem);
        year = y >= 69 ? 1900 + y : 2000 + y;
      }
      case LONG_YEAR -> year = fixedDigits(4, before, elem);
      case MONTH -> month = lookup(Month.values(), TextStyle.SHORT, before, elem);
      case LONG_MONTH -> month = lookup(Month.values(), TextStyle.FULL, before, elem);
      case WEEKDAY -> lookup(DayOfWeek.values(), TextStyle.SHORT, before, elem);
      case LONG_WEEKDAY -> lookup(DayOfWeek.values(), TextStyle.FULL, before, elem);
      case NUM_MONTH, ZERO_MONTH -> {
        month = number(c.element() == Element.ZERO_MONTH, 2, before, elem);
        if (month < 1 || month > 12) {
          throw range("month");
        }
      }
      case DAY, UNDER_DAY, ZERO_DAY -> {
        if (c.element() == Element.UNDER_DAY && value.startsWith(" ")) {
          value = value.substring(1);
        }
        day = number(c.element() == Element.ZERO_DAY, 2, before, elem);
        if (day < 1 || day > 31) {
          throw range("day");
        }
      }
      case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
        value = c.element() == Element.UNDER_YEAR_DAY ? value.replaceFirst("^ {1,2}", "") : value;
        yearDay = number(c.element() == Element.ZERO_YEAR_DAY, 3, before, elem);
      }
      case HOUR -> {
        hour = number(false, 2, before, elem);
        if (hour > 23) {
          throw range("hour");
        }
      }
      case HOUR12, ZERO_HOUR12 -> {
        hour = number(c.element() == Element.ZERO_HOUR12, 2, before, elem);
        if (hour > 12) {
          throw range("hour");
        }
      }
      case MINUTE, ZERO_MINUTE -> {
        minute = number(c.element() == Element.ZERO_MINUTE, 2, before, elem);
        if (minute > 59) {
          throw range("minute");
        }
      }
      case SECOND, ZERO_SECOND -> {
        second = number(c.element() == Element.ZERO_SECOND, 2, before, elem);
        if (second > 59) {
          throw range("second");
        }
        // A fraction in the value is accepted even when the layout has none right here.
        boolean layoutHasFraction = next != null && next.element() != null
            && (next.element() == Element.FRAC_ZEROS || next.element() == Element.FRAC_NINES);
        if (!layoutHasFraction && value.length() >= 2 && (value.charAt(0) == '.' || value.charAt(0) == ',')
            && Character.isDigit(value.charAt(1))) {
          fraction(Integer.MAX_VALUE);
        }
      }
      case PM_UPPER, PM_LOWER -> {
        String marker = value.length() >= 2 ? value.substring(0, 2) : "";
        boolean upper = c.element() == Element.PM_UPPER;
        if (marker.equals(upper ? "PM" : "pm")) {
          pm = true;
        } else if (marker.equals(upper ? "AM" : "am")) {
          am = true;
        } else {
          throw bad(before, elem);
        }
        value = value.substring(2);
      }
      case ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ -> {
        if (value.startsWith("Z")) {
          value = value.substring(1);
          offsetSeconds = 0;
        } else {
          offset(c.element(), before, elem);
        }
      }
      case NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ -> offset(c.element(), before, elem);
      case TZ_NAME -> zoneName(before, elem);
      case FRAC_ZEROS -> {
        if (value.isEmpty() || value.charAt(0) != c.separator()) {
          throw bad(before, elem);
        }
        fractionExact(c.digits(), before, elem);
      }
      case FRAC_NINES -> {
        if (value.length() >= 2 && (value.charAt(0) == '.' || value.charAt(0) == ',') && Character.isDigit(value.charAt(1))) {
          fraction(Integer.MAX_VALUE);
        }
      }
      default -> throw bad(before, elem);
    }
  }

  private int fixedDigits(int n, String before, String elem) {
    if (value.length() < n || !value.substring(0, n).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw bad(before, elem);
    }
    int v = Integer.parseInt(value.substring(0, n));
    value = value.substring(n);
    return v;
  }

  /** Go's getnum/getnum3: up to max digits; exactly max when fixed. */
  private int number(boolean fixed, int max, String before, String elem) {
    int n = 0;
    while (n < max && n < value.length() && value.charAt(n) >= '0' && value.charAt(n) <= '9') {
      n++;
    }
    if (n == 0 || (fixed && n < max)) {
      throw bad(before, elem);
    }
    int v = Integer.parseInt(value.substring(0, n));
    value = value.substring(n);
    return v;
  }

  private <T extends Enum<T>> int lookup(T[] values, TextStyle style, String before, String elem) {
    for (T v : values) {
      String name = v instanceof Month m ? m.getDisplayName(style, Locale.US) : ((DayOfWeek) v).getDisplayName(style, Locale.US);
      if (value.length() >= name.length() && value.substring(0, name.length()).equalsIgnoreCase(name)) {
        value = value.substring(name.length());
        return v.ordinal() + 1;
      }
    }
    throw bad(before, elem);
  }

  private void offset(Element e, String before, String elem) {
    boolean colon = e == Element.NUM_COLON_TZ || e == Element.NUM_COLON_SECONDS_TZ
        || e == Element.ISO_COLON_TZ || e == Element.ISO_COLON_SECONDS_TZ;
    boolean shortForm = e == Element.NUM_SHORT_TZ || e == Element.ISO_SHORT_TZ;
    boolean seconds = e == Element.NUM_SECONDS_TZ || e == Element.NUM_COLON_SECONDS_TZ
        || e == Element.ISO_SECONDS_TZ || e == Element.ISO_COLON_SECONDS_TZ;
    String pattern = "[+-][0-9]{2}" + (shortForm ? "" : (colon ? ":" : "") + "[0-9]{2}")
        + (seconds ? (colon ? ":" : "") + "[0-9]{2}" : "");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(value);
    if (!m.lookingAt()) {
      throw bad(before, elem);
    }
    String digits = m.group().substring(1).replace(":", "");
    int h = Integer.parseInt(digits.substring(0, 2));
    int mm = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
    int ss = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
    if (h > 24 || mm > 60 || ss > 60) {
      throw range("time zone offset");
    }
    int total = h * 3600 + mm * 60 + ss;
    offsetSeconds = value.charAt(0) == '-' ? -total : total;
    value = value.substring(m.end());
  }

  /** Zone abbreviations: UTC/GMT are zero; other known-looking abbreviations carry no offset (as Go without that zone loaded). */
  private void zoneName(String before, String elem) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("GMT[+-][0-9]{1,2}|[A-Z]{3,5}|[+-][0-9]{2,4}").matcher(value);
    if (!m.lookingAt()) {
      throw bad(before, elem);
    }
    String name = m.group();
    if (name.startsWith("GMT") && name.length() > 3) {
      offsetSeconds = Integer.parseInt(name.substring(3).replace("+", "")) * 3600;
    } else {
      offsetSeconds = 0;
    }
    value = value.substring(m.end());
  }

  private void fraction(int maxDigits) {
    int n = 1;
    while (n < value.length() && n <= maxDigits && Character.isDigit(value.charAt(n)) && value.charAt(n) < 128) {
      n++;
    }
    nanos = nanosOf(value.substring(1, n));
    value = value.substring(n);
  }

  private void fractionExact(int digits, String before, String elem) {
    if (value.length() < digits + 1 || !value.substring(1, digits + 1).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw bad(before, elem);
    }
    nanos = nanosOf(value.substring(1, digits + 1));
    value = value.substring(digits + 1);
  }

  private static int nanosOf(String digits) {
    String d = (digits + "000000000").substring(0, 9);
    return Integer.parseInt(d);
  }
}
