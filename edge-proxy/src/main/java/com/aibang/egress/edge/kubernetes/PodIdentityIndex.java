package com.aibang.egress.edge.kubernetes;

import com.aibang.egress.policy.v1.Source;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pod IP to identity, kept from pod events. Only Running pods that are not terminating are indexed; a
 * pod that is deleted, starts terminating or stops running drops out at once; an IP taken over by a
 * new pod maps to the new pod, and a late event about the old pod does not remove the new mapping.
 */
public final class PodIdentityIndex {

    /** Value of {@code source.authenticated_by} for identities from the pod watch. */
    public static final String AUTHENTICATED_BY = "pod-ip";

    private static final String RUNNING = "Running";

    /**
     * What the index knows about the pod behind one IP, with the policy source built once: every request of the pod
     * shares it (no message to build per request, and the decision cache hashes and compares one instance).
     */
    record PodIdentity(String uid, Source source) {
    }

    private final ConcurrentHashMap<String, PodIdentity> byIp = new ConcurrentHashMap<>();

    /** A pod was added or changed. */
    public void upsert(Pod pod) {
        String ip = ipOf(pod);
        String uid = pod.getMetadata().getUid();
        if (!routable(pod)) {
            // Terminating, finished or not yet running: whatever this pod held goes.
            byIp.values().removeIf(identity -> identity.uid().equals(uid));
            return;
        }
        // An IP change of the same pod: drop the old address first.
        byIp.entrySet().removeIf(entry -> entry.getValue().uid().equals(uid) && !entry.getKey().equals(ip));
        byIp.put(ip, new PodIdentity(uid, Source.newBuilder().setIp(ip).setNamespace(pod.getMetadata().getNamespace())
                .setPod(pod.getMetadata().getName())
                .setServiceAccount(nonNull(pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName()))
                .putAllLabels(pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels())
                .setNode(nonNull(pod.getSpec() == null ? null : pod.getSpec().getNodeName()))
                .setAuthenticatedBy(AUTHENTICATED_BY).build()));
    }

    /** A pod was deleted; only its own mapping goes (its IP may already belong to a new pod). */
    public void remove(Pod pod) {
        String uid = pod.getMetadata().getUid();
        byIp.values().removeIf(identity -> identity.uid().equals(uid));
    }

    /** Adds the pod's identity to a source that has its IP set, when a Running pod holds that IP. */
    public Optional<Source> identify(String ip) {
        PodIdentity identity = byIp.get(ip);
        return identity == null ? Optional.empty() : Optional.of(identity.source());
    }

    public int size() {
        return byIp.size();
    }

    private static boolean routable(Pod pod) {
        PodStatus status = pod.getStatus();
        return status != null && RUNNING.equals(status.getPhase()) && pod.getMetadata().getDeletionTimestamp() == null
                && ipOf(pod) != null;
    }

    private static String ipOf(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null || status.getPodIP() == null || status.getPodIP().isBlank()) {
            return null;
        }
        return status.getPodIP();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
