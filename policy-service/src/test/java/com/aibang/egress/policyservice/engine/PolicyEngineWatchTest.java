package com.aibang.egress.policyservice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload through real file-system events (no polling), including a Kubernetes ConfigMap style symlink swap. */
class PolicyEngineWatchTest {

    /** The issue asks for a change to be picked up within 2 s: wait at most that long. */
    private static final long PICKUP_BOUND_MILLIS = 2000;

    @TempDir
    Path dir;

    private PolicyEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    private static String policy(String body) {
        return "package p\n\nimport rego.v1\n\n" + body + "\n";
    }

    private Object value() {
        return engine.current().policy().evaluate("data.p.value", null).orElseThrow();
    }

    /** Bounded wait for a condition; returns whether it became true in time. */
    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    private void startWatching(Path root) {
        engine = new PolicyEngine(List.of(root), "data.p.value", Duration.ZERO, true, true);
        engine.start();
    }

    @Test
    void editedFileIsPickedUpAndABrokenEditKeepsTheServingRevision() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("nested/deeper"));
        Files.writeString(sub.resolve("p.rego"), policy("value := 1"));
        startWatching(dir);
        String first = engine.current().shortRevision();

        Files.writeString(sub.resolve("p.rego"), policy("value := 2"));
        assertTrue(within(PICKUP_BOUND_MILLIS, () -> BigInteger.TWO.equals(value())),
                "change not picked up within " + PICKUP_BOUND_MILLIS + " ms");
        String second = engine.current().shortRevision();
        assertTrue(!second.equals(first));

        Files.writeString(sub.resolve("p.rego"), policy("value := "));
        assertTrue(within(PICKUP_BOUND_MILLIS, () -> engine.lastReloadError() != null),
                "broken change not noticed within " + PICKUP_BOUND_MILLIS + " ms");
        assertEquals(second, engine.current().shortRevision());
        assertEquals(BigInteger.TWO, value());
        assertEquals(1, engine.reloadFailures());
        assertTrue(engine.lastReloadError().contains("p.rego:"), engine.lastReloadError());

        Files.writeString(sub.resolve("p.rego"), policy("value := 3"));
        assertTrue(within(PICKUP_BOUND_MILLIS, () -> BigInteger.valueOf(3).equals(value())));
        assertNull(engine.lastReloadError());
        assertEquals(2, engine.reloads());
    }

    @Test
    void newSubdirectoryIsWatchedToo() throws Exception {
        Files.writeString(dir.resolve("p.rego"), policy("value := 1"));
        startWatching(dir);

        Path later = Files.createDirectories(dir.resolve("later"));
        Files.writeString(later.resolve("data.json"), "{\"x\": 1}");
        assertTrue(within(PICKUP_BOUND_MILLIS, () -> engine.current().dataFileCount() == 1));

        Files.writeString(later.resolve("data.json"), "{\"x\": 2}");
        assertTrue(within(PICKUP_BOUND_MILLIS, () -> BigInteger.TWO.equals(
                engine.current().policy().evaluate("data.later.x", null).orElse(null))));
    }

    /** What the kubelet does on a ConfigMap update: new timestamped dir, then an atomic rename of ..data. */
    @Test
    void configMapSymlinkSwapIsPickedUp() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("mount"));
        Path v1 = Files.createDirectories(mount.resolve("..2026_01_01_00_00_00.1"));
        Files.writeString(v1.resolve("p.rego"), policy("value := 1"));
        Files.createSymbolicLink(mount.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(mount.resolve("p.rego"), Path.of("..data/p.rego"));
        startWatching(mount);
        assertEquals(BigInteger.ONE, value());

        Path v2 = Files.createDirectories(mount.resolve("..2026_01_01_00_01_00.2"));
        Files.writeString(v2.resolve("p.rego"), policy("value := 2"));
        Path tmp = Files.createSymbolicLink(mount.resolve("..data_tmp"), v2.getFileName());
        Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertTrue(within(PICKUP_BOUND_MILLIS, () -> BigInteger.TWO.equals(value())),
                "ConfigMap swap not picked up within " + PICKUP_BOUND_MILLIS + " ms");
        assertNotNull(engine.current());
    }
}
