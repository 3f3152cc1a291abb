package com.aibang.egress.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a connection is allowed by a set of NetworkPolicies, following the Kubernetes semantics
 * (a pod is isolated in a direction once any policy selecting it has that policy type; then some rule must
 * admit the peer and port; both the sender's egress and the receiver's ingress must allow it).
 * ipBlock peers match only addresses outside the cluster, as the tests model pods without IPs.
 */
final class NetworkPolicyEvaluator {

    /** Something that sends or receives: a pod, or an address outside the cluster. */
    sealed interface Endpoint permits Pod, External {
    }

    /** A pod with its namespace's labels. */
    record Pod(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels) implements Endpoint {
    }

    /** An address outside the cluster (a VM, the internet). */
    record External(String ip) implements Endpoint {
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicyEvaluator(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    boolean allows(Endpoint from, Endpoint to, String protocol, int port) {
        return egressAllows(from, to, protocol, port) && ingressAllows(from, to, protocol, port);
    }

    private boolean egressAllows(Endpoint from, Endpoint to, String protocol, int port) {
        if (!(from instanceof Pod pod)) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(pod, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getEgress() == null ? java.util.stream.Stream.empty()
                        : p.getSpec().getEgress().stream().map(rule -> new Rule(p, rule.getTo(), rule.getPorts())))
                .anyMatch(rule -> rule.admits(to, protocol, port));
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, String protocol, int port) {
        if (!(to instanceof Pod pod)) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(pod, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress() == null ? java.util.stream.Stream.empty()
                        : p.getSpec().getIngress().stream().map(rule -> new Rule(p, rule.getFrom(), rule.getPorts())))
                .anyMatch(rule -> rule.admits(from, protocol, port));
    }

    /** Policies in the pod's namespace whose podSelector matches it and that isolate the given direction. */
    List<NetworkPolicy> selecting(Pod pod, String policyType) {
        return policies.stream()
                .filter(p -> pod.namespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .filter(p -> policyTypes(p).contains(policyType))
                .toList();
    }

    private static List<String> policyTypes(NetworkPolicy policy) {
        List<String> declared = policy.getSpec().getPolicyTypes();
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        // Kubernetes default: Ingress always, Egress only when egress rules are present.
        return policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    /** One ingress or egress rule of a policy. */
    private record Rule(NetworkPolicy policy, List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {

        boolean admits(Endpoint peer, String protocol, int port) {
            return portMatches(protocol, port) && peerMatches(peer);
        }

        private boolean portMatches(String protocol, int port) {
            if (ports == null || ports.isEmpty()) {
                return true;
            }
            return ports.stream().anyMatch(p -> {
                String ruleProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (!ruleProtocol.equals(protocol)) {
                    return false;
                }
                IntOrString rulePort = p.getPort();
                if (rulePort == null) {
                    return true;
                }
                if (rulePort.getStrVal() != null) {
                    throw new IllegalArgumentException("named ports in NetworkPolicies are not modelled: " + rulePort.getStrVal());
                }
                int last = p.getEndPort() == null ? rulePort.getIntVal() : p.getEndPort();
                return port >= rulePort.getIntVal() && port <= last;
            });
        }

        private boolean peerMatches(Endpoint endpoint) {
            if (peers == null || peers.isEmpty()) {
                return true;
            }
            return peers.stream().anyMatch(peer -> peerMatches(peer, endpoint));
        }

        private boolean peerMatches(NetworkPolicyPeer peer, Endpoint endpoint) {
            if (peer.getIpBlock() != null) {
                return endpoint instanceof External external && inBlock(peer.getIpBlock(), external.ip());
            }
            if (!(endpoint instanceof Pod pod)) {
                return false;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null
                    ? pod.namespace().equals(policy.getMetadata().getNamespace())
                    : matches(peer.getNamespaceSelector(), pod.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
            return namespaceOk && podOk;
        }
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean inBlock(IPBlock block, String ip) {
        if (!inCidr(block.getCidr(), ip)) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(except, ip));
    }

    static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/", 2);
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (network.length != address.length) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            int total = network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE));
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("not a CIDR/IP pair: " + cidr + " / " + ip, e);
        }
    }
}
