package com.aibang.egress.proxy.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.target.TargetParser;
import com.aibang.egress.proxy.upstream.HostResolver;
import com.aibang.egress.proxy.upstream.HostsFileResolver;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names the hosts file answers are pinned at once, without a resolver thread; others still go to the resolver pool. */
class HostsFilePinningTest {

    @TempDir
    Path dir;

    @Test
    void aHostsFileNameIsPinnedWithoutTheResolverPool() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.9 origin.test Other.Test.\n");
        AtomicInteger systemLookups = new AtomicInteger();
        HostResolver system = host -> {
            systemLookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 10})};
        };
        AtomicInteger pooled = new AtomicInteger();
        Executor pool = task -> {
            pooled.incrementAndGet();
            task.run();
        };
        HostsFileResolver resolver = HostsFileResolver.load(hosts, system);
        DestinationGuard guard = new DestinationGuard(resolver, pool, true);

        CompletableFuture<PinnedDestination> known = guard.pin(TargetParser.parseConnect("origin.test:443"));
        assertTrue(known.isDone(), "answered on the caller's thread");
        assertEquals(List.of("127.0.0.9"), known.join().ips());
        assertEquals(List.of("127.0.0.9"), guard.pin(TargetParser.parseConnect("other.test:443")).join().ips());
        assertEquals(0, pooled.get());

        assertNull(resolver.resolveWithoutBlocking("elsewhere.test"));
        assertEquals(List.of("127.0.0.10"), guard.pin(TargetParser.parseConnect("elsewhere.test:443")).join().ips());
        assertEquals(1, pooled.get(), "a name outside the file still needs a lookup, off the event loop");
        assertEquals(1, systemLookups.get());
        assertNull(HostResolver.SYSTEM.resolveWithoutBlocking("origin.test"), "the system resolver always looks up");
    }
}
