package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogTimestampsTest {

    @Test
    void formatsLikeIsoInstantForEveryFractionShape() {
        long second = Instant.parse("2026-11-26T15:23:42Z").getEpochSecond();
        int[] nanos = {0, 1, 999_999_999, 1_000, 120_000, 5_000_000, 100_000_000, 123_456_789, 123_456_000, 123_000_000};
        for (int nano : nanos) {
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(instant), LogTimestamps.format(instant), "nanos " + nano);
        }
    }

    @Test
    void switchesSecondsAndStaysEqualToIsoInstant() {
        SplittableRandom random = new SplittableRandom(42);
        Instant start = Instant.parse("1999-12-31T23:59:58Z");
        for (int i = 0; i < 10_000; i++) {
            Instant instant = start.plusNanos(random.nextLong(5_000_000_000L));
            if (i % 3 == 0) {
                instant = Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano() / 1_000 * 1_000);
            }
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(instant), LogTimestamps.format(instant));
        }
        Instant now = Instant.now();
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(now), LogTimestamps.format(now));
    }
}
