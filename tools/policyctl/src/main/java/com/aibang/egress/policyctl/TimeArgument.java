package com.aibang.egress.policyctl;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `--since` / `--until` values: an RFC 3339 time (2026-11-26T10:00:00Z, +01:00 offsets) or an age like 15m, 2h, 7d, 30s. */
final class TimeArgument {
  private static final Pattern AGE = Pattern.compile("(\\d{1,9})(s|m|h|d)");

  private TimeArgument() {}

  static Instant parse(String option, String value, Instant now) throws UsageException {
    Matcher age = AGE.matcher(value);
    if (age.matches()) {
      long amount = Long.parseLong(age.group(1));
      Duration duration = switch (age.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      return now.minus(duration);
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new UsageException(option + " " + value
          + ": not an RFC 3339 time (2026-11-26T10:00:00Z) or an age (30s, 15m, 2h, 7d)");
    }
  }
}
