package com.aibang.egress.deploy;

/** Object names, labels and settings the manifests, the images and these tests agree on. */
final class DeploymentNames {

    static final String NAMESPACE = "intra-proxy";
    static final String EDGE = "edge-proxy";
    static final String POLICY_SERVICE = "policy-service";
    static final String EGRESS = "egress-proxy";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String ALLOWED_NAMESPACE_LABEL = "egress.aibang.com/allowed";
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    static final String POLICIES_CONFIG_MAP = "policies";
    static final String EDGE_PARENT_CONFIG_MAP = "edge-proxy-parent";
    static final String POLICY_DIR_ENV = "POLICY_DIR";
    /** Where the policies ConfigMap is mounted in the policy-service container. */
    static final String POLICY_MOUNT = "/etc/egress/policies";
    /** Where the edge's static configuration file is mounted. */
    static final String EDGE_CONFIG_FILE = "/etc/edge-proxy/edge.properties";
    static final String CONFIG_LOCATIONS_ENV = "QUARKUS_CONFIG_LOCATIONS";

    static final int PROXY_PORT = 3128;
    static final int POLICY_GRPC_PORT = 9191;
    static final int DNS_PORT = 53;

    private DeploymentNames() {
    }
}
