package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/** time.* builtins: Unix nanoseconds in, Go layouts and durations, IANA zones via java.time. */
public final class TimeBuiltins {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final String RFC3339 = "2006-01-02T15:04:05Z07:00";
  private static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";
  private static final Map<String, String> NAMED_LAYOUTS = Map.ofEntries(
      Map.entry("ANSIC", "Mon Jan _2 15:04:05 2006"),
      Map.entry("UnixDate", "Mon Jan _2 15:04:05 MST 2006"),
      Map.entry("RubyDate", "Mon Jan 02 15:04:05 -0700 2006"),
      Map.entry("RFC822", "02 Jan 06 15:04 MST"),
      Map.entry("RFC822Z", "02 Jan 06 15:04 -0700"),
      Map.entry("RFC850", "Monday, 02-Jan-06 15:04:05 MST"),
      Map.entry("RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"),
      Map.entry("RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"),
      Map.entry("RFC3339", RFC3339),
      Map.entry("RFC3339Nano", RFC3339_NANO),
      Map.entry("Kitchen", "3:04PM"),
      Map.entry("Stamp", "Jan _2 15:04:05"),
      Map.entry("StampMilli", "Jan _2 15:04:05.000"),
      Map.entry("StampMicro", "Jan _2 15:04:05.000000"),
      Map.entry("StampNano", "Jan _2 15:04:05.000000000"),
      Map.entry("DateTime", "2006-01-02 15:04:05"),
      Map.entry("DateOnly", "2006-01-02"),
      Map.entry("TimeOnly", "15:04:05"));
  private static final long MAX_TEST_SLEEP_NANOS = 1_000_000_000L;
  private static final BigInteger MIN_NS = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_NS = BigInteger.valueOf(Long.MAX_VALUE);

  private TimeBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.markNondeterministic("time.now_ns", "test.sleep");
    r.register("time.now_ns", 0, a -> NumberValue.of(a.context().nowNanos()));
    r.register("time.parse_ns", 2, a -> nanos(GoTimeParser.parseNanos(a.string(0), a.string(1))));
    r.register("time.parse_rfc3339_ns", 1, a -> nanos(GoTimeParser.parseNanos(RFC3339, a.string(0))));
    r.register("time.parse_duration_ns", 1, a -> NumberValue.of(GoDuration.parseNanos(a.string(0))));
    r.register("time.format", 1, a -> {
      ZonedTime t = zonedTime(a, 0);
      return StringValue.of(GoTimeFormatter.format(t.time(), t.layout()));
    });
    r.register("time.date", 1, a -> {
      ZonedDateTime t = zonedTime(a, 0).time();
      return ArrayValue.of(NumberValue.of(t.getYear()), NumberValue.of(t.getMonthValue()), NumberValue.of(t.getDayOfMonth()));
    });
    r.register("time.clock", 1, a -> {
      ZonedDateTime t = zonedTime(a, 0).time();
      return ArrayValue.of(NumberValue.of(t.getHour()), NumberValue.of(t.getMinute()), NumberValue.of(t.getSecond()));
    });
    r.register("time.weekday", 1, a ->
        StringValue.of(zonedTime(a, 0).time().getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US)));
    r.register("time.add_date", 4, TimeBuiltins::addDate);
    r.register("time.diff", 2, TimeBuiltins::diff);
    r.register("test.sleep", 1, a -> {
      // Meant for tests; capped so that a stray call cannot stall a policy decision for long.
      long ns = Math.max(0, Math.min(GoDuration.parseNanos(a.string(0)), MAX_TEST_SLEEP_NANOS));
      try {
        Thread.sleep(ns / 1_000_000, (int) (ns % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return NullValue.INSTANCE;
    });
  }

  /** A result in Unix nanoseconds, which must fit an int64 as in Go. */
  private static NumberValue nanos(BigInteger ns) {
    if (ns.compareTo(MIN_NS) < 0 || ns.compareTo(MAX_NS) > 0) {
      throw BuiltinException.error("time outside of valid range");
    }
    return NumberValue.of(ns);
  }

  private record ZonedTime(ZonedDateTime time, String layout) {}

  /** Operand: ns, or [ns], [ns, tz] or [ns, tz, layout]. */
  private static ZonedTime zonedTime(Args a, int i) {
    Value v = a.get(i);
    Value ns;
    ZoneId zone = UTC;
    String layout = RFC3339_NANO;
    if (v instanceof ArrayValue arr && arr.size() > 0) {
      ns = arr.get(0);
      if (arr.size() > 1) {
        zone = zone(stringElement(arr.get(1), i));
      }
      if (arr.size() > 2) {
        String l = stringElement(arr.get(2), i);
        layout = NAMED_LAYOUTS.getOrDefault(l, l);
      }
    } else if (v instanceof NumberValue) {
      ns = v;
    } else {
      throw a.typeError(i, "either number (ns) or [number (ns), string (tz)]");
    }
    if (!(ns instanceof NumberValue n)) {
      throw BuiltinException.type(Args.operand(i) + " must be number but got " + ns.typeName());
    }
    return new ZonedTime(toZoned(exactNanos(n.bigDecimal()), zone), layout);
  }

  private static String stringElement(Value v, int i) {
    if (!(v instanceof StringValue s)) {
      throw BuiltinException.type(Args.operand(i) + " must be string but got " + v.typeName());
    }
    return s.value();
  }

  private static long exactNanos(BigDecimal d) {
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw BuiltinException.error("timestamp too big");
    }
  }

  private static ZoneId zone(String name) {
    if (name.isEmpty() || name.equals("UTC") || name.equals("Local")) {
      return UTC;
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw BuiltinException.error("unknown time zone " + name);
    }
  }

  private static ZonedDateTime toZoned(long ns, ZoneId zone) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).atZone(zone);
  }

  private static BigInteger toNanos(ZonedDateTime t) {
    Instant i = t.toInstant();
    return BigInteger.valueOf(i.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(i.getNano()));
  }

  /** Go's AddDate: months and days overflow into the next unit (Oct 31 + 1 month = Dec 1). */
  private static Value addDate(Args a) {
    BigInteger ns = a.integer(0);
    int years = a.intValue(1);
    int months = a.intValue(2);
    int days = a.intValue(3);
    if (ns.bitLength() > 63) {
      throw BuiltinException.error("timestamp too big");
    }
    ZonedDateTime t = toZoned(ns.longValue(), UTC);
    LocalDate date = LocalDate.of(t.getYear() + years, 1, 1)
        .plusMonths(t.getMonthValue() - 1L + months)
        .plusDays(t.getDayOfMonth() - 1L + days);
    return nanos(toNanos(t.with(date)));
  }

  /** Calendar difference [years, months, days, hours, minutes, seconds] between two instants (order-insensitive). */
  private static Value diff(Args a) {
    ZonedDateTime t1 = zonedTime(a, 0).time();
    ZonedDateTime t2 = zonedTime(a, 1).time().withZoneSameInstant(t1.getZone());
    if (t1.isAfter(t2)) {
      ZonedDateTime tmp = t1;
      t1 = t2;
      t2 = tmp;
    }
    int year = t2.getYear() - t1.getYear();
    int month = t2.getMonthValue() - t1.getMonthValue();
    int day = t2.getDayOfMonth() - t1.getDayOfMonth();
    int hour = t2.getHour() - t1.getHour();
    int min = t2.getMinute() - t1.getMinute();
    int sec = t2.getSecond() - t1.getSecond();
    if (sec < 0) {
      sec += 60;
      min--;
    }
    if (min < 0) {
      min += 60;
      hour--;
    }
    if (hour < 0) {
      hour += 24;
      day--;
    }
    if (day < 0) {
      day += t1.toLocalDate().lengthOfMonth();
      month--;
    }
    if (month < 0) {
      month += 12;
      year--;
    }
    return ArrayValue.of(NumberValue.of(year), NumberValue.of(month), NumberValue.of(day),
        NumberValue.of(hour), NumberValue.of(min), NumberValue.of(sec));
  }
}
