package com.aibang.egress.policyservice.engine;

import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.rego.bundle.PolicyBundle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Holds the compiled policy. Loads it at startup so that a broken policy stops the service from
 * starting; optionally re-reads the directories and swaps in a changed policy that compiles.
 */
@ApplicationScoped
public class PolicyEngine {

    private static final Logger LOG = Logger.getLogger(PolicyEngine.class);

    /** What a reload attempt did. */
    public enum ReloadOutcome { UNCHANGED, RELOADED, FAILED }

    private final List<Path> directories;
    private final String decisionPath;
    private final Duration reloadInterval;
    private volatile LoadedPolicy current;
    private ScheduledExecutorService reloader;

    @Inject
    PolicyEngine(PolicyConfig config) {
        this(config.dir().stream().map(String::trim).filter(dir -> !dir.isEmpty()).map(Path::of).toList(),
                config.decisionPath(), config.reloadInterval());
    }

    /** For use without CDI (tests, tools). */
    public PolicyEngine(List<Path> directories, String decisionPath, Duration reloadInterval) {
        this.directories = directories;
        this.decisionPath = decisionPath;
        this.reloadInterval = reloadInterval;
    }

    void onStart(@Observes StartupEvent event) {
        current();
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

    void onStop(@Observes ShutdownEvent event) {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    /** The compiled policy, loading it on first use; throws {@link PolicyLoadException} if it does not compile. */
    public LoadedPolicy current() {
        LoadedPolicy loaded = current;
        if (loaded == null) {
            synchronized (this) {
                if (current == null) {
                    current = loadOrExplain();
                }
                loaded = current;
            }
        }
        return loaded;
    }

    /**
     * Re-reads the directories; when the revision changed and the new files compile, they replace
     * the current policy. A failure is logged and the current policy keeps serving (never fails open).
     */
    public synchronized ReloadOutcome reloadIfChanged() {
        LoadedPolicy before = current();
        try {
            PolicyBundle bundle = PolicyLoader.read(directories);
            if (bundle.revision().equals(before.revision())) {
                return ReloadOutcome.UNCHANGED;
            }
            LoadedPolicy loaded = PolicyLoader.compile(bundle);
            current = loaded;
            LOG.infof("policy reloaded: revision %s -> %s (%d modules, %d data files)",
                    before.shortRevision(), loaded.shortRevision(), loaded.moduleCount(), loaded.dataFileCount());
            return ReloadOutcome.RELOADED;
        } catch (PolicyLoadException e) {
            LOG.errorf("policy reload failed, still serving revision %s: %s", before.shortRevision(), e.getMessage());
            return ReloadOutcome.FAILED;
        } catch (RuntimeException e) {
            // Whatever goes wrong while reloading, keep the policy that works and keep the reloader alive.
            LOG.errorf(e, "policy reload failed, still serving revision %s", before.shortRevision());
            return ReloadOutcome.FAILED;
        }
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
