package com.aibang.egress.e2e.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Client threads calling through the proxy until stopped; every outcome is kept with the phase it started in. */
final class Load implements AutoCloseable {
    /** What one call ended with: a proxy or destination status, or a client-side error (status 0). */
    record Result(String kind, String target, int status, String reason, String tier, String body, String error) {
        static Result failed(String kind, String target, Exception e) {
            return new Result(kind, target, 0, "", "", "", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** One call: sequence number (unique over all threads), phase at its start, times in nanoTime. */
    record Outcome(long seq, String phase, long startNanos, long endNanos, Result result) {
        boolean allowed() {
            return result.status() == 200;
        }

        /** A refusal a client can act on: a 5xx from the proxy saying why. */
        boolean clearRefusal() {
            return result.status() >= 500 && !result.reason().isBlank();
        }

        @Override
        public String toString() {
            return "#" + seq + " " + phase + " " + result;
        }
    }

    /** One kind of call; {@code seq} makes its target unique. */
    @FunctionalInterface
    interface Call {
        Result call(long seq);
    }

    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long pauseMillis;
    private volatile String phase;
    private volatile boolean running = true;

    /** Starts one thread per call in {@code calls}; each pauses {@code pauseMillis} between calls so the load stays bounded. */
    Load(String initialPhase, long pauseMillis, List<Call> calls) {
        this.phase = initialPhase;
        this.pauseMillis = pauseMillis;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Thread thread = new Thread(() -> loop(call), "fault-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(Call call) {
        while (running) {
            long seq = sequence.incrementAndGet();
            String startPhase = phase;
            long start = System.nanoTime();
            Result result = call.call(seq);
            outcomes.add(new Outcome(seq, startPhase, start, System.nanoTime(), result));
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Calls started from now on are labelled {@code name}. */
    void phase(String name) {
        phase = name;
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    List<Outcome> inPhase(String name) {
        return outcomes().stream().filter(o -> o.phase().equals(name)).toList();
    }

    /** Stops the threads after their current call; a thread still busy after {@code joinMillis} counts as hung. */
    List<String> stop(long joinMillis) throws InterruptedException {
        running = false;
        List<String> hung = new ArrayList<>();
        for (Thread thread : threads) {
            thread.join(joinMillis);
            if (thread.isAlive()) {
                hung.add(thread.getName());
                thread.interrupt();
            }
        }
        return hung;
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }
}
