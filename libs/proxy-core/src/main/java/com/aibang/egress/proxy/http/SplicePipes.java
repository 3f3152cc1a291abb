package com.aibang.egress.proxy.http;

import com.aibang.egress.proxy.ProxyTierConfig;
import com.aibang.egress.proxy.SplicePipeSettings;
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

    // Pipe size and budget: <tier>.splice.pipe-bytes / pipe-budget-bytes, read from SplicePipeSettings.current().

    /** What the JVM needs for the larger pipes. */
    static final String JVM_FLAGS = NativeFcntl.JVM_FLAGS;

    /** Default size: the kernel's default maximum for unprivileged users ({@code /proc/sys/fs/pipe-max-size}). */
    static final int DEFAULT_BYTES = ProxyTierConfig.SPLICE_PIPE_BYTES;

    /** Default budget: 16 enlarged pipes of the default size at once. */
    static final long DEFAULT_BUDGET_BYTES = ProxyTierConfig.SPLICE_PIPE_BUDGET_BYTES;

    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;
    private static final Logger LOG = Logger.getLogger(SplicePipes.class);
    private static final MethodHandle FCNTL = fcntl();
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
        SplicePipeSettings sizes = SplicePipeSettings.current();
        int size = sizes.pipeBytes();
        // A closed channel has already closed its pipe fields: a pipe set now would never be closed.
        if (size == 0 || !available() || !target.isOpen() || PIPE_OUT.get(target) != null) {
            return;
        }
        if (HELD.addAndGet(size) > sizes.budgetBytes()) {
            HELD.addAndGet(-size);
            return; // Netty makes a default pipe itself
        }
        FileDescriptor[] pipe;
        try {
            pipe = FileDescriptor.pipe();
        } catch (IOException e) {
            HELD.addAndGet(-size);
            return; // Netty will try (and report) again when it splices
        }
        int granted = fcntl(pipe[1].intValue(), F_SETPIPE_SZ, size);
        if (granted < 0) {
            HELD.addAndGet(-size);
            if (!refusedLogged) {
                refusedLogged = true;
                LOG.infof("splice pipes: the kernel refused %d bytes (fs.pipe-max-size, fs.pipe-user-pages-soft); "
                        + "refused pipes keep the default size", size);
            }
        } else {
            target.closeFuture().addListener(closed -> HELD.addAndGet(-size));
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
            LOG.debugf("splice pipes: %d bytes each", SplicePipeSettings.current().pipeBytes());
            return handle;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.infof("splice pipes keep the kernel default of 64 KiB: %s", e.getMessage());
            return null;
        }
    }
}
