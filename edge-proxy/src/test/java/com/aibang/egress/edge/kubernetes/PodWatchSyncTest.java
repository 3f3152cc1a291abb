package com.aibang.egress.edge.kubernetes;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting the watch never blocks on the API server, and it is not synced while the first list has no answer. */
class PodWatchSyncTest {

    @Test
    void notSyncedWhileTheApiServerDoesNotAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .withRequestTimeout(60_000).withConnectionTimeout(60_000).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                    PodWatch watch = PodWatch.start(client, List.of())) {
                assertFalse(watch.synced());
                assertFalse(watch.index().identify("127.0.0.5").isPresent());
            }
        }
    }
}
