package com.aibang.egress.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests into the fabric8 Kubernetes model and rejects anything the model does not know:
 * unknown kinds, unknown fields (fabric8 would keep them in additionalProperties) and wrong types.
 */
final class StrictManifestParser {

    /** The kinds this deployment may contain; a new kind must be added here on purpose. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class));

    /** Custom kinds without a fabric8 model: checked against our records, kept as generic resources. */
    static final Map<String, Class<? extends Record>> CUSTOM_KINDS = Map.of(
            GmpKinds.API_VERSION + "/PodMonitoring", GmpKinds.PodMonitoring.class,
            GmpKinds.API_VERSION + "/Rules", GmpKinds.Rules.class);

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private final YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
    private final ObjectMapper strict = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    /** Every document of a multi-document YAML stream, typed; throws with all problems found. */
    List<HasMetadata> parse(String multiDocumentYaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (JsonNode document : yaml.readValues(yaml.createParser(multiDocumentYaml), JsonNode.class).readAll()) {
            index++;
            if (document == null || document.isNull() || document.isMissingNode()) {
                continue;
            }
            String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            String where = "document " + index + " (" + key + " " + document.path("metadata").path("name").asText() + ")";
            Class<? extends HasMetadata> type = KINDS.get(key);
            Class<? extends Record> custom = CUSTOM_KINDS.get(key);
            if (custom != null) {
                try {
                    strict.treeToValue(document, custom);
                    objects.add(strict.treeToValue(document, GenericKubernetesResource.class));
                } catch (JsonProcessingException e) {
                    problems.add(where + ": " + e.getOriginalMessage() + " at " + e.getLocation());
                }
                continue;
            }
            if (type == null) {
                problems.add(where + ": kind not in the allowed list " + KINDS.keySet() + " or " + CUSTOM_KINDS.keySet());
                continue;
            }
            try {
                HasMetadata object = strict.treeToValue(document, type);
                List<String> unknown = new ArrayList<>();
                collectUnknownFields(object, "", unknown, new IdentityHashMap<>());
                unknown.forEach(path -> problems.add(where + ": unknown field " + path));
                objects.add(object);
            } catch (JsonProcessingException e) {
                problems.add(where + ": " + e.getOriginalMessage() + " at " + e.getLocation());
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("manifests do not match the Kubernetes model:\n  " + String.join("\n  ", problems));
        }
        return objects;
    }

    /** fabric8 classes keep unknown fields in additionalProperties instead of failing: find them all. */
    private static void collectUnknownFields(Object value, String path, List<String> unknown,
            IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "[" + k + "]", unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + field, e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    collectUnknownFields(fieldValue, path + "." + field.getName(), unknown, seen);
                }
            }
        }
    }
}
