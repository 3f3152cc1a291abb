package com.aibang.egress.edge.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Watches pods (all namespaces, or the configured ones) and keeps a {@link PodIdentityIndex} current. */
public final class PodWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PodWatch.class);

    private final PodIdentityIndex index = new PodIdentityIndex();
    private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

    /**
     * Starts the watch without waiting for the first list; it keeps running (and re-listing after errors)
     * until {@link #close()}.
     *
     * @param namespaces namespaces to watch; empty for all
     */
    public static PodWatch start(KubernetesClient client, List<String> namespaces) {
        PodWatch watch = new PodWatch();
        ResourceEventHandler<Pod> handler = watch.handler();
        if (namespaces.isEmpty()) {
            watch.informers.add(client.pods().inAnyNamespace().runnableInformer(0));
        } else {
            for (String namespace : namespaces) {
                watch.informers.add(client.pods().inNamespace(namespace).runnableInformer(0));
            }
        }
        for (SharedIndexInformer<Pod> informer : watch.informers) {
            informer.addEventHandler(handler);
            // Not waiting: startup goes on, readiness reports the sync; the informer retries on its own.
            informer.start().whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.warnf("pod watch not started yet: %s", error.getMessage());
                }
            });
        }
        LOG.infof("watching pods in %s", namespaces.isEmpty() ? "all namespaces" : namespaces);
        return watch;
    }

    public PodIdentityIndex index() {
        return index;
    }

    /** True once every informer completed its first list. */
    public boolean synced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private ResourceEventHandler<Pod> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                index.upsert(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                index.upsert(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                index.remove(pod);
            }
        };
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
