package com.aibang.egress.policyservice.bench;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.CheckResponse;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.PolicyServiceGrpc;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load for gRPC Check against a running policy-service on loopback: sends at a fixed
 * rate for a fixed time (bounded: at most 50,000 checks/s, 300 s, loopback targets only), measures
 * each latency from the moment the check was due (so a stalled server is not hidden by a stalled
 * client) and prints throughput and p50/p90/p99/p99.9/max, plus the round trip from the moment it
 * was sent and the client's own GC time (to tell client lag from service latency). A mix of allowed
 * and denied edge checks against the sample policy.
 *
 * Checks go round-robin over {@code channels} connections (each proxy replica holds one).
 *
 * <pre>java -cp ... CheckLoadClient [host:port=127.0.0.1:9191] [checksPerSecond=10000] [seconds=20] [warmupSeconds=5] [channels=1]</pre>
 */
public final class CheckLoadClient {

    private static final int MAX_RATE = 50_000;
    private static final int MAX_SECONDS = 300;
    private static final int MAX_IN_FLIGHT = 2_000;
    private static final int MAX_CHANNELS = 16;

    private CheckLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "127.0.0.1:9191";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int channelCount = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String host = target.substring(0, target.lastIndexOf(':'));
        int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("load is only sent to loopback addresses, not " + host);
        }
        if (rate < 1 || rate > MAX_RATE || seconds < 1 || seconds > MAX_SECONDS || warmup < 0 || warmup > MAX_SECONDS) {
            throw new IllegalArgumentException("rate must be 1.." + MAX_RATE + "/s and durations 0.." + MAX_SECONDS + " s");
        }
        if (channelCount < 1 || channelCount > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels must be 1.." + MAX_CHANNELS);
        }
        ManagedChannel[] channels = new ManagedChannel[channelCount];
        PolicyServiceGrpc.PolicyServiceStub[] stubs = new PolicyServiceGrpc.PolicyServiceStub[channelCount];
        for (int i = 0; i < channelCount; i++) {
            // Answers are handled on the transport thread, as the proxies' event-loop client does: a
            // hand-off to gRPC's default executor would add a thread hop per check to every latency.
            channels[i] = ManagedChannelBuilder.forAddress(host, port).usePlaintext().directExecutor().build();
            stubs[i] = PolicyServiceGrpc.newStub(channels[i]);
        }
        try {
            if (warmup > 0) {
                run(stubs, rate, warmup);
            }
            Result result = run(stubs, rate, seconds);
            System.out.println(result.report(rate, seconds) + "  (" + channelCount + " channel(s))");
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Result run(PolicyServiceGrpc.PolicyServiceStub[] stubs, int rate, int seconds)
            throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        long[] roundTrips = new long[total];
        long gcMillisBefore = gcMillis();
        long cpuBefore = processCpuNanos();
        AtomicInteger completed = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong allowed = new AtomicLong();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(total);
        CheckRequest[] requests = requests();
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // Not TimeUnit.sleep: on Java 17 it rounds any sleep below 1 ms up to a whole
                // millisecond, which alone adds up to 1 ms to every latency measured from "due".
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            int index = i;
            long sent = System.nanoTime();
            stubs[i % stubs.length].check(requests[i % requests.length], new StreamObserver<>() {
                @Override
                public void onNext(CheckResponse response) {
                    if (response.getAllow()) {
                        allowed.incrementAndGet();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    errors.incrementAndGet();
                    finish();
                }

                @Override
                public void onCompleted() {
                    finish();
                }

                private void finish() {
                    long now = System.nanoTime();
                    latencies[index] = now - due;
                    roundTrips[index] = now - sent;
                    completed.incrementAndGet();
                    inFlight.release();
                    done.countDown();
                }
            });
        }
        done.await(seconds + 60L, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        int count = completed.get();
        return new Result(Arrays.copyOf(latencies, count), Arrays.copyOf(roundTrips, count), elapsed, errors.get(),
                allowed.get(), gcMillis() - gcMillisBefore, processCpuNanos() - cpuBefore);
    }

    /** CPU time of this client process so far, to show what the client itself takes from the machine. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** GC time of this client so far (all collectors). */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(gc.getCollectionTime(), 0);
        }
        return total;
    }

    /** The same mix as serialised requests, for measurements without gRPC ({@link CheckCost}). */
    static byte[][] requestBytes() {
        CheckRequest[] requests = requests();
        byte[][] bytes = new byte[requests.length][];
        for (int i = 0; i < requests.length; i++) {
            bytes[i] = requests[i].toByteArray();
        }
        return bytes;
    }

    private static CheckRequest[] requests() {
        // Enough distinct workloads that the sample policy's per-workload rate limit stays out of the way.
        CheckRequest[] requests = new CheckRequest[4096];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = CheckRequest.newBuilder().setTier(Tier.TIER_EDGE).setRequestId("bench-" + i)
                    .setSource(Source.newBuilder().setIp("127.0.0.2").setNamespace("api").setServiceAccount("bench-" + i))
                    .setDestination(Destination.newBuilder()
                            .setHost(i % 4 == 3 ? "example.com" : "login.microsoft.com").setPort(443).setMethod("CONNECT"))
                    .build();
        }
        return requests;
    }

    private record Result(long[] latencies, long[] roundTrips, long elapsedNanos, long errors, long allowed,
            long clientGcMillis, long clientCpuNanos) {

        String report(int rate, int seconds) {
            double throughput = latencies.length / (elapsedNanos / 1e9);
            return String.format("checks: %d in %.2f s (target %d/s for %d s) = %.0f checks/s; errors %d; allowed %d;"
                            + " client GC %d ms, client CPU %.0f us per check%n"
                            + "latency ms (from due): %s%n"
                            + "round trip ms (from sent): %s",
                    latencies.length, elapsedNanos / 1e9, rate, seconds, throughput, errors, allowed, clientGcMillis,
                    latencies.length == 0 ? 0 : clientCpuNanos / 1e3 / latencies.length,
                    percentiles(latencies), percentiles(roundTrips));
        }

        private static String percentiles(long[] values) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return String.format("p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f",
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        }

        private static double ms(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(index, 0)] / 1e6;
        }
    }
}
