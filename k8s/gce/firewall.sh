#!/usr/bin/env bash
# GCE firewall for tier 2: only the GKE nodes and pods may reach the VM on 3128; the VM may reach
# the policy-service's internal load balancer and the internet (through Cloud NAT or its own
# external address). Review the values, then run once per VPC. Requires gcloud.
set -euo pipefail

PROJECT="${PROJECT:-aibang-egress}"
NETWORK="${NETWORK:-prod-vpc}"
# GKE ranges: node subnet primary range and the pod secondary range
#   gcloud container clusters describe CLUSTER --region REGION \
#     --format='value(clusterIpv4Cidr,nodeIpv4CidrSize)'  and the subnet's ranges
GKE_NODE_RANGE="${GKE_NODE_RANGE:-10.10.0.0/20}"
GKE_POD_RANGE="${GKE_POD_RANGE:-10.20.0.0/14}"
TIER2_TAG="${TIER2_TAG:-egress-proxy}"

# Tier 1 (edge pods; with SNAT also the node addresses) -> tier 2 on 3128.
gcloud compute firewall-rules create allow-gke-to-egress-proxy \
  --project="$PROJECT" --network="$NETWORK" --direction=INGRESS --action=ALLOW --priority=1000 \
  --rules=tcp:3128 --source-ranges="$GKE_NODE_RANGE,$GKE_POD_RANGE" --target-tags="$TIER2_TAG"

# Everything else that would reach the VM is refused explicitly (the implied rule denies too;
# this one makes the intent visible and logs it).
gcloud compute firewall-rules create deny-all-to-egress-proxy \
  --project="$PROJECT" --network="$NETWORK" --direction=INGRESS --action=DENY --priority=2000 \
  --rules=all --source-ranges=0.0.0.0/0 --target-tags="$TIER2_TAG" --enable-logging

# SSH only through IAP, for operators.
gcloud compute firewall-rules create allow-iap-ssh-to-egress-proxy \
  --project="$PROJECT" --network="$NETWORK" --direction=INGRESS --action=ALLOW --priority=1000 \
  --rules=tcp:22 --source-ranges=35.235.240.0/20 --target-tags="$TIER2_TAG"
