package io.edgeway.signaling.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Edgeway's YAML file: a flat mapping from key names (as in {@link ConfigKeys}) to a scalar,
 * or to a list of scalars for repeatable keys. Unknown keys, nested mappings and duplicate keys are
 * errors, so a typo cannot silently leave a default in place. A key with no value ({@code cert:})
 * is treated as absent.
 */
final class YamlConfigSource {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlConfigSource() {
    }

    /** Reads {@code file}; problems are added to {@code errors} as {@code "key: reason"}. */
    static ConfigLayer read(Path file, List<String> errors) {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            errors.add("config: file not found (" + where + ")");
            return new ConfigLayer(where, Map.of());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            errors.add("config: " + where + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
            return new ConfigLayer(where, Map.of());
        } catch (IOException e) {
            errors.add("config: cannot read " + where + " (" + e.getMessage() + ")");
            return new ConfigLayer(where, Map.of());
        }
        return fromTree(root, where, errors);
    }

    /** Reads YAML text; used by tests and by the {@code --print-config} round trip. */
    static ConfigLayer parse(String yaml, String where, List<String> errors) {
        try {
            return fromTree(MAPPER.readTree(yaml), where, errors);
        } catch (JsonProcessingException e) {
            errors.add("config: " + where + " is not valid YAML: " + e.getOriginalMessage());
            return new ConfigLayer(where, Map.of());
        }
    }

    private static ConfigLayer fromTree(JsonNode root, String where, List<String> errors) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigLayer(where, values);
        }
        if (!root.isObject()) {
            errors.add("config: " + where + " must be a mapping of key: value");
            return new ConfigLayer(where, values);
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode node = e.getValue();
            ConfigKey<?> key = ConfigKeys.byName(name).orElse(null);
            if (key == null) {
                errors.add(name + ": unknown key in " + where + DidYouMean.hint(name, ConfigKeys.names()));
                continue;
            }
            if (node.isNull()) {
                continue;
            }
            if (node.isObject()) {
                errors.add(name + ": expected a value, not a mapping");
            } else if (node.isArray()) {
                if (!key.repeatable()) {
                    errors.add(name + ": expected one value, not a list");
                    continue;
                }
                List<String> list = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isValueNode() || item.isNull()) {
                        errors.add(name + ": list items must be plain values");
                        list = null;
                        break;
                    }
                    list.add(item.asText());
                }
                if (list != null) {
                    values.put(name, list);
                }
            } else {
                values.put(name, List.of(node.asText()));
            }
        }
        return new ConfigLayer(where, values);
    }
}
