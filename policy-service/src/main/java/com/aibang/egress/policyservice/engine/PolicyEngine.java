package com.aibang.egress.policyservice.engine;

import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.rego.bundle.PolicyBundle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Holds the compiled policy. Loads it at startup so that a broken policy stops the service from
 * starting; then watches the directories (and optionally polls them) and swaps in a changed
 * policy that compiles. A change that does not compile leaves the previous revision serving and
 * is reported in the log, {@link #reloadFailures()} and {@link #lastReloadError()}.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    /** What a reload attempt did. */
    public enum ReloadOutcome { UNCHANGED, RELOADED, FAILED }

    private final List<Path> directories;
    private final String decisionPath;
    private final Duration reloadInterval;
    private final boolean watch;
    private final boolean enabled;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();
    private final List<Consumer<LoadedPolicy>> revisionListeners = new CopyOnWriteArrayList<>();
    private volatile LoadedPolicy current;
    private volatile String lastReloadError;
    private ScheduledExecutorService reloader;
    private PolicyDirectoryWatcher watcher;

    @Inject
    PolicyEngine(PolicyConfig config) {
        this(config.dir().stream().map(String::trim).filter(dir -> !dir.isEmpty()).map(Path::of).toList(),
                config.decisionPath(), config.reloadInterval(), config.watch(), config.engine() == PolicyConfig.Engine.REGO);
    }

    /** For use without CDI (tests, tools): no watching; call {@link #start()} to watch or poll. */
    public PolicyEngine(List<Path> directories, String decisionPath, Duration reloadInterval) {
        this(directories, decisionPath, reloadInterval, false, true);
    }

    public PolicyEngine(List<Path> directories, String decisionPath, Duration reloadInterval, boolean watch,
            boolean enabled) {
        this.directories = directories;
        this.decisionPath = decisionPath;
        this.reloadInterval = reloadInterval;
        this.watch = watch;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Loads the policy (failing if it does not compile) and starts watching / polling as configured. */
    public void start() {
        current();
        if (watch) {
            try {
                watcher = new PolicyDirectoryWatcher(directories, this::reloadIfChanged);
                LOG.infof("watching %s for policy changes", directories);
            } catch (IOException e) {
                LOG.errorf("cannot watch %s for policy changes (%s); only polling reloads the policy", directories,
                        e.getMessage());
            }
        }
        if (!reloadInterval.isZero() && !reloadInterval.isNegative()) {
            reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "policy-reload");
                thread.setDaemon(true);
                return thread;
            });
            long millis = reloadInterval.toMillis();
            reloader.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
            LOG.infof("checking %s for policy changes every %s", directories, reloadInterval);
        }
    }

    public void stop() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debugf("closing the policy watcher: %s", e.getMessage());
            }
        }
    }

    /** Whether this engine serves decisions (false with policy.engine=opa). */
    public boolean enabled() {
        return enabled;
    }

    /** The compiled policy, loading it on first use; throws {@link PolicyLoadException} if it does not compile. */
    public LoadedPolicy current() {
        LoadedPolicy loaded = current;
        if (loaded == null) {
            synchronized (this) {
                if (current == null) {
                    current = loadOrExplain();
                    announce(current);
                }
                loaded = current;
            }
        }
        return loaded;
    }

    /** The compiled policy if one is loaded, else null (never loads). */
    public LoadedPolicy loadedOrNull() {
        return current;
    }

    /** Whether Checks can be answered now: a compiled policy is loaded, or evaluation goes to external OPA. */
    public boolean canDecide() {
        return !enabled || current != null;
    }

    /** Called with each policy that starts serving (also the one already loaded, immediately). */
    public void onRevision(Consumer<LoadedPolicy> listener) {
        revisionListeners.add(listener);
        LoadedPolicy loaded = current;
        if (loaded != null) {
            listener.accept(loaded);
        }
    }

    private void announce(LoadedPolicy loaded) {
        revisionListeners.forEach(listener -> listener.accept(loaded));
    }

    /** Successful reloads since start. */
    public long reloads() {
        return reloads.get();
    }

    /** Reloads that failed (the previous revision kept serving) since start. */
    public long reloadFailures() {
        return reloadFailures.get();
    }

    /** The error of the latest reload attempt when it failed; null once a reload succeeds. */
    public String lastReloadError() {
        return lastReloadError;
    }

    /**
     * Re-reads the directories; when the revision changed and the new files compile, they replace
     * the current policy. A failure is reported and the current policy keeps serving (never fails open).
     */
    public synchronized ReloadOutcome reloadIfChanged() {
        LoadedPolicy before = current();
        try {
            PolicyBundle bundle = PolicyLoader.read(directories);
            if (bundle.revision().equals(before.revision())) {
                // The files are (back to) what is serving: an earlier failed change no longer matters.
                lastReloadError = null;
                return ReloadOutcome.UNCHANGED;
            }
            LoadedPolicy loaded = PolicyLoader.compile(bundle);
            current = loaded;
            lastReloadError = null;
            reloads.incrementAndGet();
            announce(loaded);
            LOG.infof("policy reloaded: revision %s -> %s (%d modules, %d data files)",
                    before.shortRevision(), loaded.shortRevision(), loaded.moduleCount(), loaded.dataFileCount());
            return ReloadOutcome.RELOADED;
        } catch (PolicyLoadException e) {
            return failed(before, e.getMessage());
        } catch (RuntimeException e) {
            // Whatever goes wrong while reloading, keep the policy that works and keep the reloader alive.
            return failed(before, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ReloadOutcome failed(LoadedPolicy before, String error) {
        reloadFailures.incrementAndGet();
        lastReloadError = error;
        LOG.errorf("policy reload failed, still serving revision %s: %s", before.shortRevision(), error);
        return ReloadOutcome.FAILED;
    }

    private LoadedPolicy loadOrExplain() {
        try {
            LoadedPolicy loaded = PolicyLoader.load(directories);
            LOG.infof("policy loaded from %s: %d modules, %d data files, revision %s, decision path %s",
                    loaded.directories(), loaded.moduleCount(), loaded.dataFileCount(), loaded.revision(),
                    decisionPath);
            return loaded;
        } catch (PolicyLoadException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }
}
