package com.aibang.egress.policyservice.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Calls back when anything changes under the policy directories. Every visible subdirectory is
 * watched (re-scanned after each change, so new ones are picked up). A Kubernetes ConfigMap
 * update swaps the {@code ..data} symlink in the mounted directory itself, which shows up as
 * create/delete events on the root. Events arriving close together are coalesced into one call.
 */
public final class PolicyDirectoryWatcher implements Closeable {

    private static final Logger LOG = Logger.getLogger(PolicyDirectoryWatcher.class);
    /** Quiet time that ends a burst of events (an editor's save, a ConfigMap swap) before reloading. */
    private static final long SETTLE_MILLIS = 100;

    private final List<Path> roots;
    private final Runnable onChange;
    private final WatchService watchService;
    private final Thread thread;

    public PolicyDirectoryWatcher(List<Path> roots, Runnable onChange) throws IOException {
        this.roots = roots;
        this.onChange = onChange;
        this.watchService = FileSystems.getDefault().newWatchService();
        registerAll();
        this.thread = new Thread(this::run, "policy-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void registerAll() {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
                dirs.filter(Files::isDirectory).filter(dir -> visible(root, dir)).forEach(this::register);
            } catch (IOException | RuntimeException e) {
                // A directory vanishing mid-walk (a ConfigMap swap) is normal; the next event re-scans.
                LOG.debugf("re-scanning %s for directories to watch: %s", root, e.getMessage());
            }
        }
    }

    /** Hidden entries (ConfigMap's ..data and ..timestamp directories) are reached through the root's events. */
    private static boolean visible(Path root, Path dir) {
        for (Path name : root.relativize(dir)) {
            if (name.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private void register(Path dir) {
        try {
            dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.warnf("cannot watch %s for policy changes: %s", dir, e.getMessage());
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                drain(key);
                // Coalesce the rest of the burst.
                WatchKey more;
                while ((more = watchService.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                registerAll();
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "policy reload after a file change failed");
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        thread.interrupt();
    }
}
