package com.aibang.egress.policyservice.decision;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.decisionlog.LogSink;
import com.aibang.egress.decisionlog.RotatingFileSink;
import com.aibang.egress.decisionlog.StdoutSink;
import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.policyservice.decisionlog.DecisionLogQueue;
import com.aibang.egress.policyservice.engine.EmbeddedEvaluator;
import com.aibang.egress.policyservice.engine.OpaHttpEvaluator;
import com.aibang.egress.policyservice.engine.PolicyEngine;
import com.aibang.egress.policyservice.engine.PolicyEvaluator;
import com.aibang.egress.policyservice.metrics.DecisionMetrics;
import com.aibang.egress.policyservice.rate.RateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** CDI wiring for the plain decision classes; opens the decision log at startup so a bad path fails fast. */
@Singleton
public class DecisionWiring {

    private static final Logger LOG = Logger.getLogger(DecisionWiring.class);
    private static final String SERVICE = "policy-service";

    @Produces
    @Singleton
    DecisionLogQueue decisionLog(PolicyConfig config) {
        PolicyConfig.DecisionLog settings = config.decisionLog();
        Optional<String> file = settings.file().map(String::trim).filter(name -> !name.isEmpty());
        List<LogSink> sinks = new ArrayList<>();
        if (settings.stdout().orElse(file.isEmpty())) {
            sinks.add(new StdoutSink());
        }
        file.ifPresent(name -> sinks.add(new RotatingFileSink(Path.of(name), settings.maxFileSize().asLongValue(),
                settings.maxBackups())));
        return new DecisionLogQueue(new DecisionLogWriter(sinks), settings.queueCapacity(), settings.enqueueTimeout(),
                settings.waitForWrite());
    }

    /** Runs at shutdown after the last answered Check was queued: writes and flushes every entry. */
    void closeDecisionLog(@Disposes DecisionLogQueue queue) {
        LOG.infof("flushing decision log (%d entries waiting)", queue.depth());
        queue.close();
        LOG.infof("decision log closed: %d entries written, %d write failures, %d refused", queue.written(),
                queue.writeFailures(), queue.rejected());
    }

    @Produces
    @Singleton
    PolicyEvaluator evaluator(PolicyEngine engine, PolicyConfig config) {
        if (config.engine() == PolicyConfig.Engine.OPA) {
            String url = config.opa().url().filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                    "policy.engine=opa needs policy.opa.url, e.g. http://opa:8181"));
            return new OpaHttpEvaluator(url, config.opa().timeout());
        }
        return new EmbeddedEvaluator(engine::current, EmbeddedEvaluator.limits(config.evalTimeout()));
    }

    @Produces
    @Singleton
    RecentDecisions recentDecisions(PolicyConfig config) {
        return new RecentDecisions(config.decisionLog().retain());
    }

    @Produces
    @Singleton
    DecisionService decisionService(PolicyEvaluator evaluator, PolicyConfig config, DecisionLogQueue log,
            RateStore rates, MeterRegistry registry, RecentDecisions recent,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(DecisionLogFields.LABEL_ID, UUID.randomUUID().toString());
        labels.put(DecisionLogFields.LABEL_SERVICE, SERVICE);
        labels.put(DecisionLogFields.LABEL_VERSION, version);
        labels.put(DecisionLogFields.LABEL_ENGINE, evaluator.engineName());
        labels.putAll(config.decisionLog().labels());
        long maxCacheTtl = config.maxCacheTtl().toSeconds();
        if (maxCacheTtl < 0 || maxCacheTtl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("policy.max-cache-ttl must be between 0s and " + Integer.MAX_VALUE
                    + "s, got " + config.maxCacheTtl());
        }
        return new DecisionService(evaluator, config.decisionPath(), config.decisionLog().maskReference(), log, rates,
                new DecisionMetrics(registry), labels, recent, (int) maxCacheTtl);
    }

    void onStart(@Observes StartupEvent event, DecisionService service, DecisionLogQueue log, RateStore rates,
            PolicyEvaluator evaluator) {
        LOG.infof("answering Check with %s (engine %s, rate store %s); decision log: %s", service.decisionPath(),
                evaluator.engineName(), rates.name(), log.target());
    }
}
