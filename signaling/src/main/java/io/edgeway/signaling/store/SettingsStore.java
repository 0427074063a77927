package io.edgeway.signaling.store;

import java.util.Optional;
import java.util.function.Supplier;

/** Named values made once and kept across restarts. Blocking; thread-safe. */
public final class SettingsStore {

    private final Jdbc jdbc;

    public SettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        return jdbc.one("SELECT setting_value FROM settings WHERE name = ?", rs -> rs.getString(1), name);
    }

    /**
     * The stored value of {@code name}, storing {@code make}'s value first when there is none. When two
     * processes sharing one database race, the loser's insert fails on the primary key and it reads the
     * winner's value, so both end with the same one.
     */
    public String getOrCreate(String name, Supplier<String> make) {
        Optional<String> existing = get(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.update("INSERT INTO settings (name, setting_value) VALUES (?, ?)", name, make.get());
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
        }
        return get(name).orElseThrow(() -> new IllegalStateException("setting " + name + " vanished"));
    }
}
