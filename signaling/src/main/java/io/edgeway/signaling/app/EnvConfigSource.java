package io.edgeway.signaling.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code EDGEWAY_*} environment variables: {@code EDGEWAY_} plus the key in upper case with
 * '-' as '_' ({@code EDGEWAY_LISTENING_PORT}). Repeatable keys take a comma-separated list; an
 * empty value clears the list. The map is passed in rather than read from the process so tests can
 * supply their own.
 *
 * <p>An {@code EDGEWAY_*} variable that names no key is an error, as an unknown YAML key is:
 * a misspelt variable would otherwise leave a default (perhaps an insecure one) in place.
 */
final class EnvConfigSource {

    /** Names the YAML file; read by {@link ConfigLoader}, not a key. */
    static final String CONFIG_VAR = ConfigKey.ENV_PREFIX + "CONFIG";
    /** Names a coturn file to import; read by {@link ConfigLoader}, not a key. */
    static final String COTURN_CONFIG_VAR = ConfigKey.ENV_PREFIX + "COTURN_CONFIG";

    private EnvConfigSource() {
    }

    static ConfigLayer read(Map<String, String> env, List<String> errors) {
        Map<String, ConfigKey<?>> byEnv = new LinkedHashMap<>();
        for (ConfigKey<?> k : ConfigKeys.ALL) {
            byEnv.put(k.envName(), k);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        // Sorted so that errors come out in a stable order.
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith(ConfigKey.ENV_PREFIX) || var.equals(CONFIG_VAR) || var.equals(COTURN_CONFIG_VAR)) {
                continue;
            }
            ConfigKey<?> key = byEnv.get(var);
            if (key == null) {
                List<String> known = new ArrayList<>(byEnv.keySet());
                known.add(CONFIG_VAR);
                known.add(COTURN_CONFIG_VAR);
                errors.add(var + ": unknown environment variable" + DidYouMean.hint(var, known));
                continue;
            }
            values.put(key.name(), key.repeatable() ? splitList(e.getValue()) : List.of(e.getValue()));
        }
        return new ConfigLayer("environment", values);
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        if (v.isBlank()) {
            return out;
        }
        for (String part : v.split(",")) {
            out.add(part.trim());
        }
        return out;
    }
}
