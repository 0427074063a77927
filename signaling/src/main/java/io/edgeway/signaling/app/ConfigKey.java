package io.edgeway.signaling.app;

import io.edgeway.turn.config.TurnServerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One setting, described once: its name, value type, default, meaning, whether coturn has the
 * same option, whether it is secret, and how it lands in {@link TurnServerConfig.Builder}. The
 * YAML key, the {@code --flag}, the {@code EDGEWAY_*} variable, the {@code --help} line and the
 * README row are all derived from this description.
 *
 * <p>A repeatable key ({@link #repeatable()}) holds a {@code List} of its element type and takes
 * every value given by one source; any other key takes the last value given. Immutable.
 *
 * @param <T> the parsed value: the element type, or {@code List<element>} when repeatable
 */
public final class ConfigKey<T> {

    /** Prefix of environment variables. */
    public static final String ENV_PREFIX = "EDGEWAY_";

    private final String name;
    private final ValueType<?> type;
    private final boolean repeatable;
    private final String defaultValue;
    private final String description;
    private final boolean coturn;
    private final boolean secret;
    private final BiConsumer<TurnServerConfig.Builder, T> binder;

    private ConfigKey(String name, ValueType<?> type, boolean repeatable, String defaultValue, String description,
                      boolean coturn, boolean secret, BiConsumer<TurnServerConfig.Builder, T> binder) {
        this.name = name;
        this.type = type;
        this.repeatable = repeatable;
        this.defaultValue = defaultValue;
        this.description = description;
        this.coturn = coturn;
        this.secret = secret;
        this.binder = binder;
    }

    /** A key with one value; {@code defaultValue} is text as a user would write it, or null for none. */
    static <T> ConfigKey<T> single(String name, ValueType<T> type, String defaultValue, String description) {
        return new ConfigKey<>(name, type, false, defaultValue, description, false, false, null);
    }

    /** A key that may be given several times; its default is the empty list. */
    static <E> ConfigKey<List<E>> repeatable(String name, ValueType<E> type, String description) {
        return new ConfigKey<>(name, type, true, null, description, false, false, null);
    }

    /** Marks the key as having the same name and meaning in coturn's turnserver.conf. */
    ConfigKey<T> coturn() {
        return new ConfigKey<>(name, type, repeatable, defaultValue, description, true, secret, binder);
    }

    /** Marks the key's values as secret: redacted in {@code --print-config}, never in messages. */
    ConfigKey<T> secret() {
        return new ConfigKey<>(name, type, repeatable, defaultValue, description, coturn, true, binder);
    }

    /** How the parsed value is applied to the TURN server's settings; not called for a null value. */
    ConfigKey<T> bind(BiConsumer<TurnServerConfig.Builder, T> binder) {
        return new ConfigKey<>(name, type, repeatable, defaultValue, description, coturn, secret, binder);
    }

    public String name() { return name; }
    public boolean repeatable() { return repeatable; }
    public String description() { return description; }
    /** True when coturn has an option of the same name and meaning. */
    public boolean inCoturn() { return coturn; }
    public boolean isSecret() { return secret; }
    /** True for a boolean that works as a bare flag: {@code --no-tls}, {@code no-tls} in coturn files. */
    public boolean isFlag() { return type == ValueType.BOOLEAN && !repeatable; }
    /** The accepted form, e.g. {@code port} or {@code name:password}. */
    public String label() { return type.label(); }
    /** The default as text, or null when there is none. */
    public String defaultValue() { return defaultValue; }

    /** {@code --name}. */
    public String option() {
        return "--" + name;
    }

    /** {@code EDGEWAY_NAME}, with '-' written as '_'. */
    public String envName() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The raw default: one value, or nothing. */
    /** The built-in default, parsed (null for keys without one). */
    public T parsedDefault() {
        List<String> errors = new java.util.ArrayList<>();
        T value = parse(defaultRaw(), errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("default of " + name + " does not parse: " + errors);
        }
        return value;
    }

    List<String> defaultRaw() {
        return defaultValue == null ? List.of() : List.of(defaultValue);
    }

    /**
     * Parses the values one source chain produced for this key. Each bad value adds
     * {@code "name: reason"} to {@code errors}; the result is then null.
     */
    @SuppressWarnings("unchecked")
    T parse(List<String> raw, List<String> errors) {
        if (repeatable) {
            List<Object> out = new ArrayList<>(raw.size());
            boolean ok = true;
            for (String r : raw) {
                try {
                    out.add(type.parse(r));
                } catch (IllegalArgumentException e) {
                    errors.add(name + ": " + e.getMessage());
                    ok = false;
                }
            }
            return ok ? (T) Collections.unmodifiableList(out) : null;
        }
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return (T) type.parse(raw.get(raw.size() - 1));
        } catch (IllegalArgumentException e) {
            errors.add(name + ": " + e.getMessage());
            return null;
        }
    }

    /** The value for YAML: a scalar, a list of scalars, or null; secrets replaced by the placeholder. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object toYaml(T value) {
        if (value == null) {
            return null;
        }
        ValueType<Object> t = (ValueType<Object>) type;
        if (repeatable) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List) value) {
                out.add(secret && !(v instanceof StaticUser) ? ValueType.REDACTED : t.toYaml(v));
            }
            return out;
        }
        return secret ? ValueType.REDACTED : t.toYaml(value);
    }

    void applyTo(TurnServerConfig.Builder builder, T value) {
        if (binder != null && value != null) {
            binder.accept(builder, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigKey && ((ConfigKey<?>) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
