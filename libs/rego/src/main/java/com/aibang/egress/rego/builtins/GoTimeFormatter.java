package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.GoTimeLayout.Chunk;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Go's Time.Format over a java.time ZonedDateTime. */
final class GoTimeFormatter {
  private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.US);

  private GoTimeFormatter() {}

  static String format(ZonedDateTime t, String layout) {
    StringBuilder b = new StringBuilder();
    for (Chunk c : GoTimeLayout.chunks(layout)) {
      if (c.literal() != null) {
        b.append(c.literal());
      } else {
        append(b, t, c);
      }
    }
    return b.toString();
  }

  private static void append(StringBuilder b, ZonedDateTime t, Chunk c) {
    int offset = t.getOffset().getTotalSeconds();
    switch (c.element()) {
      case YEAR -> pad(b, Math.floorMod(t.getYear(), 100), 2);
      case LONG_YEAR -> pad(b, t.getYear(), 4);
      case MONTH -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
      case LONG_MONTH -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
      case NUM_MONTH -> b.append(t.getMonthValue());
      case ZERO_MONTH -> pad(b, t.getMonthValue(), 2);
      case WEEKDAY -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
      case LONG_WEEKDAY -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
      case DAY -> b.append(t.getDayOfMonth());
      case UNDER_DAY -> b.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
      case ZERO_DAY -> pad(b, t.getDayOfMonth(), 2);
      case UNDER_YEAR_DAY -> b.append(String.format("%3d", t.getDayOfYear()));
      case ZERO_YEAR_DAY -> pad(b, t.getDayOfYear(), 3);
      case HOUR -> pad(b, t.getHour(), 2);
      case HOUR12 -> b.append(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
      case ZERO_HOUR12 -> pad(b, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
      case MINUTE -> b.append(t.getMinute());
      case ZERO_MINUTE -> pad(b, t.getMinute(), 2);
      case SECOND -> b.append(t.getSecond());
      case ZERO_SECOND -> pad(b, t.getSecond(), 2);
      case PM_UPPER -> b.append(t.getHour() >= 12 ? "PM" : "AM");
      case PM_LOWER -> b.append(t.getHour() >= 12 ? "pm" : "am");
      case TZ_NAME -> b.append(zoneName(t));
      case ISO_TZ, ISO_SECONDS_TZ, ISO_SHORT_TZ, ISO_COLON_TZ, ISO_COLON_SECONDS_TZ -> {
        if (offset == 0) {
          b.append('Z');
        } else {
          appendOffset(b, offset, c.element());
        }
      }
      case NUM_TZ, NUM_SECONDS_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ -> appendOffset(b, offset, c.element());
      case FRAC_ZEROS, FRAC_NINES -> appendFraction(b, t.getNano(), c);
      default -> throw new IllegalStateException("unhandled layout element " + c.element());
    }
  }

  private static String zoneName(ZonedDateTime t) {
    if (t.getZone().equals(ZoneOffset.UTC) || t.getZone().getId().equals("UTC")) {
      return "UTC";
    }
    String name = ZONE_ABBREVIATION.format(t);
    if (name.startsWith("GMT") && name.length() > 3) {
      // No abbreviation in the zone database: Go prints the numeric offset instead.
      StringBuilder b = new StringBuilder();
      appendOffset(b, t.getOffset().getTotalSeconds(), GoTimeLayout.Element.NUM_TZ);
      return b.toString();
    }
    return name;
  }

  private static void appendOffset(StringBuilder b, int offsetSeconds, GoTimeLayout.Element e) {
    int abs = Math.abs(offsetSeconds);
    b.append(offsetSeconds < 0 ? '-' : '+');
    pad(b, abs / 3600, 2);
    boolean colon = switch (e) {
      case ISO_COLON_TZ, ISO_COLON_SECONDS_TZ, NUM_COLON_TZ, NUM_COLON_SECONDS_TZ -> true;
      default -> false;
    };
    boolean shortForm = e == GoTimeLayout.Element.NUM_SHORT_TZ || e == GoTimeLayout.Element.ISO_SHORT_TZ;
    boolean seconds = switch (e) {
      case ISO_SECONDS_TZ, NUM_SECONDS_TZ, ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> true;
      default -> false;
    };
    if (colon) {
      b.append(':');
    }
    if (!shortForm) {
      pad(b, (abs / 60) % 60, 2);
    }
    if (seconds) {
      if (colon) {
        b.append(':');
      }
      pad(b, abs % 60, 2);
    }
  }

  private static void appendFraction(StringBuilder b, int nanos, Chunk c) {
    String digits = String.format("%09d", nanos).substring(0, Math.min(9, c.digits()));
    if (c.element() == GoTimeLayout.Element.FRAC_NINES) {
      digits = digits.replaceFirst("0+$", "");
      if (digits.isEmpty()) {
        return;
      }
    }
    b.append(c.separator()).append(digits);
  }

  private static void pad(StringBuilder b, int value, int width) {
    if (value < 0) {
      b.append('-');
      value = -value;
    }
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    b.append(s);
  }
}
