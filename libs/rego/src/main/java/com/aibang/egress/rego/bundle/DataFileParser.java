package com.aibang.egress.rego.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses {@code data.json} and {@code data.yaml}/{@code data.yml} into a plain Java JSON tree with
 * exact numbers: integers become {@link BigInteger}, other numbers {@link BigDecimal} (never double,
 * so 0.1 stays 0.1 and large ids keep every digit). Duplicate keys and YAML values JSON cannot hold
 * (NaN, infinity, binary, multiple documents) are errors naming the file.
 */
final class DataFileParser {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private DataFileParser() {
    }

    static boolean isDataFile(String fileName) {
        return fileName.equals("data.json") || fileName.equals("data.yaml") || fileName.equals("data.yml");
    }

    /** Parses one data file; an empty file yields null (contributes nothing). */
    static Object parse(BundleFile file) {
        String text = file.text();
        if (text.isBlank()) {
            return null;
        }
        Object raw = file.fileName().equals("data.json") ? parseJson(file, text) : parseYaml(file, text);
        return normalise(file, raw, "");
    }

    private static Object parseJson(BundleFile file, String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr();
            throw new PolicyBundleException(file.name() + where + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object parseYaml(BundleFile file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new ExactNumberConstructor(options));
        try {
            List<Object> documents = new ArrayList<>();
            yaml.loadAll(text).forEach(documents::add);
            if (documents.size() > 1) {
                throw new PolicyBundleException(file.name() + ": holds " + documents.size()
                        + " YAML documents; a data file must hold exactly one");
            }
            return documents.isEmpty() ? null : documents.get(0);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            String where = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            throw new PolicyBundleException(file.name() + where + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new PolicyBundleException(file.name() + ": invalid YAML: " + e.getMessage(), e);
        }
    }

    /** Converts parser output to the plain tree: string keys, exact numbers, no foreign types. */
    private static Object normalise(BundleFile file, Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = objectKey(file, entry.getKey(), path);
                result.put(key, normalise(file, entry.getValue(), path + "." + key));
            }
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(normalise(file, list.get(i), path + "[" + i + "]"));
            }
            return result;
        }
        throw new PolicyBundleException(file.name() + ": value at " + describe(path) + " is a "
                + value.getClass().getSimpleName() + ", which JSON cannot represent");
    }

    /** JSON object keys are strings; YAML scalar keys such as 443 or true are turned into their text, like OPA does. */
    private static String objectKey(BundleFile file, Object key, String path) {
        if (key instanceof String s) {
            return s;
        }
        if (key instanceof Number || key instanceof Boolean) {
            return String.valueOf(normalise(file, key, path));
        }
        throw new PolicyBundleException(file.name() + ": object at " + describe(path)
                + " has a key that is not a scalar: " + key);
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the top level" : path.substring(path.startsWith(".") ? 1 : 0);
    }

    /** SafeConstructor whose floats are BigDecimal and whose timestamps stay text (JSON has no date type). */
    private static final class ExactNumberConstructor extends SafeConstructor {
        ExactNumberConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.FLOAT, new ConstructExactFloat());
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructText());
        }

        private final class ConstructExactFloat extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String text = constructScalar((ScalarNode) node).replace("_", "");
                try {
                    return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
                } catch (NumberFormatException e) {
                    throw new YAMLException("number " + text + " at line " + (node.getStartMark().getLine() + 1)
                            + " cannot be represented in JSON");
                }
            }
        }

        private final class ConstructText extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                return constructScalar((ScalarNode) node);
            }
        }
    }
}
