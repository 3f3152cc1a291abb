package com.aibang.egress.policyservice.decision;

import com.aibang.egress.policyservice.config.PolicyConfig;
import com.aibang.egress.policyservice.engine.PolicyEngine;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** CDI wiring for the plain decision classes; opens the decision log at startup so a bad path fails fast. */
@Singleton
public class DecisionWiring {

    private static final Logger LOG = Logger.getLogger(DecisionWiring.class);

    @Produces
    @Singleton
    DecisionLogWriter decisionLogWriter(PolicyConfig config) {
        return config.decisionLog().file()
                .filter(file -> !file.isBlank())
                .map(file -> DecisionLogWriter.toFile(Path.of(file)))
                .orElseGet(DecisionLogWriter::toStdout);
    }

    void closeDecisionLog(@Disposes DecisionLogWriter writer) throws IOException {
        writer.close();
    }

    @Produces
    @Singleton
    DecisionService decisionService(PolicyEngine engine, PolicyConfig config, DecisionLogWriter writer) {
        return new DecisionService(engine::current, config.decisionPath(), writer);
    }

    void onStart(@Observes StartupEvent event, DecisionService service, DecisionLogWriter writer) {
        LOG.infof("answering Check with %s; decision log: %s", service.decisionPath(), writer.target());
    }
}
