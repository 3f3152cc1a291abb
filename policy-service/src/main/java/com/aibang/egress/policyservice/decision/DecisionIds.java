package com.aibang.egress.policyservice.decision;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for decision ids without the lock of {@link UUID#randomUUID()}'s shared
 * SecureRandom, which serialises every Check under load. Ids must be unique, not unguessable.
 */
final class DecisionIds {

    private DecisionIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }
}
