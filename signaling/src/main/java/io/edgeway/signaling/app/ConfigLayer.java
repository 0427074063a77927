package io.edgeway.signaling.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw text values one source gave (built-in defaults, coturn file, YAML file, environment,
 * command line), by key name. A later layer replaces an earlier one key by key, so a repeatable
 * key given on the command line replaces the whole list from the file rather than adding to it.
 *
 * @param source where the values came from, for messages ("config.yaml", "environment")
 * @param values key name to its values in the order given; never contains unknown keys
 */
record ConfigLayer(String source, Map<String, List<String>> values) {

    ConfigLayer {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The built-in defaults of every key. */
    static ConfigLayer defaults() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            m.put(k.name(), k.defaultRaw());
        }
        return new ConfigLayer("defaults", m);
    }

    /** Applies {@code layers} in order, later ones winning key by key. */
    static Map<String, List<String>> merge(List<ConfigLayer> layers) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        for (ConfigLayer layer : layers) {
            merged.putAll(layer.values());
        }
        return merged;
    }
}
