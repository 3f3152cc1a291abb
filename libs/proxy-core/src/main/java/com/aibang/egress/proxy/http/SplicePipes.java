package com.aibang.egress.proxy.http;

import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Gives the pipe Netty splices through into a channel more room than the kernel's 64 KiB default
 * ({@code fcntl(F_SETPIPE_SZ)}), so that one wake-up of a bulk relay moves up to that much instead of 64 KiB: fewer
 * splice calls, epoll wake-ups and ACK rounds per byte. Netty offers no fcntl, so the call goes through the JVM's
 * foreign linker ({@link NativeFcntl}), which needs {@link #JVM_FLAGS} on the java command line; without them (or when the
 * kernel refuses, e.g. over {@code /proc/sys/fs/pipe-user-pages-soft}) pipes keep the default size and splicing works
 * as before.
 */
final class SplicePipes {

    /** System property: bytes per splice pipe (the kernel rounds up to a power of two of pages); 0 = default. */
    static final String SIZE_PROPERTY = "proxy.splice.pipe-bytes";

    /**
     * System property: how many bytes of enlarged pipes this process holds at most at once. The kernel charges pipe
     * capacity to the user, and once a user passes {@code /proc/sys/fs/pipe-user-pages-soft} (64 MiB by default)
     * every new pipe of that user shrinks to two pages; a quarter of that per process leaves room for a second proxy
     * of the same user and for everything else.
     */
    static final String BUDGET_PROPERTY = "proxy.splice.pipe-budget-bytes";

    /** What the JVM needs for the larger pipes. */
    static final String JVM_FLAGS = NativeFcntl.JVM_FLAGS;

    /** Default size: the kernel's default maximum for unprivileged users ({@code /proc/sys/fs/pipe-max-size}). */
    static final int DEFAULT_BYTES = 1 << 20;

    /** Default budget: 16 enlarged pipes of the default size at once. */
    static final long DEFAULT_BUDGET_BYTES = 16L << 20;

    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;
    private static final Logger LOG = Logger.getLogger(SplicePipes.class);
    private static final int SIZE = Integer.getInteger(SIZE_PROPERTY, DEFAULT_BYTES);
    private static final long BUDGET = Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET_BYTES);
    private static final MethodHandle FCNTL = SIZE > 0 ? fcntl() : null;
    private static final VarHandle PIPE_IN = pipeField("pipeIn");
    private static final VarHandle PIPE_OUT = pipeField("pipeOut");
    /** Bytes of enlarged pipes currently open (released when their channel closes). */
    private static final AtomicLong HELD = new AtomicLong();
    private static volatile boolean refusedLogged;

    private SplicePipes() {
    }

    /** True when pipes can be enlarged in this JVM. */
    static boolean available() {
        return FCNTL != null && PIPE_IN != null && PIPE_OUT != null;
    }

    /**
     * Makes sure the pipe that splices into {@code target} exists, enlarged while the budget allows; call on its event
     * loop before the first {@code spliceTo(target, ...)} (later calls find the pipe and return at once).
     */
    static void prepare(AbstractEpollStreamChannel target) {
        // A closed channel has already closed its pipe fields: a pipe set now would never be closed.
        if (!available() || !target.isOpen() || PIPE_OUT.get(target) != null) {
            return;
        }
        if (HELD.addAndGet(SIZE) > BUDGET) {
            HELD.addAndGet(-SIZE);
            return; // Netty makes a default pipe itself
        }
        FileDescriptor[] pipe;
        try {
            pipe = FileDescriptor.pipe();
        } catch (IOException e) {
            HELD.addAndGet(-SIZE);
            return; // Netty will try (and report) again when it splices
        }
        int granted = fcntl(pipe[1].intValue(), F_SETPIPE_SZ, SIZE);
        if (granted < 0) {
            HELD.addAndGet(-SIZE);
            if (!refusedLogged) {
                refusedLogged = true;
                LOG.infof("splice pipes: the kernel refused %d bytes (fs.pipe-max-size, fs.pipe-user-pages-soft); "
                        + "refused pipes keep the default size", SIZE);
            }
        } else {
            target.closeFuture().addListener(closed -> HELD.addAndGet(-SIZE));
        }
        // Netty uses these and closes them with the channel.
        PIPE_IN.set(target, pipe[0]);
        PIPE_OUT.set(target, pipe[1]);
    }

    /** The capacity of the pipe splicing into {@code target}, or -1 when it has none or the size cannot be read. */
    static int pipeBytes(AbstractEpollStreamChannel target) {
        Object pipe = available() ? PIPE_OUT.get(target) : null;
        return pipe == null ? -1 : fcntl(((FileDescriptor) pipe).intValue(), F_GETPIPE_SZ, 0);
    }

    /** Bytes of enlarged pipes open now. */
    static long heldBytes() {
        return HELD.get();
    }

    private static int fcntl(int fd, int command, int argument) {
        try {
            return (int) FCNTL.invokeExact(fd, command, argument);
        } catch (Throwable t) {
            return -1;
        }
    }

    private static VarHandle pipeField(String name) {
        try {
            return MethodHandles.privateLookupIn(AbstractEpollStreamChannel.class, MethodHandles.lookup())
                    .findVarHandle(AbstractEpollStreamChannel.class, name, FileDescriptor.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("splice pipes keep the kernel default: Netty's %s field is not reachable (%s)", name, e);
            return null;
        }
    }

    private static MethodHandle fcntl() {
        try {
            MethodHandle handle = NativeFcntl.lookup();
            LOG.debugf("splice pipes: %d bytes each", SIZE);
            return handle;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("splice pipes keep the kernel default of 64 KiB: %s", e.getMessage());
            return null;
        }
    }
}
