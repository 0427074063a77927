package io.edgeway.signaling.store;

import io.edgeway.signaling.model.App;
import io.edgeway.signaling.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Apps, in creation order. Blocking; thread-safe. */
public final class AppStore {

    private static final String COLUMNS = "id, name, created_at";

    private final Jdbc jdbc;

    public AppStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(App app) {
        jdbc.update("INSERT INTO apps (" + COLUMNS + ") VALUES (?, ?, ?)", app.id(), app.name(), app.createdAt());
    }

    /** Makes the default app's row unless it exists (two processes racing both end with one). */
    public void ensureDefault(long now) {
        if (find(App.DEFAULT_ID).isPresent()) {
            return;
        }
        try {
            insert(new App(App.DEFAULT_ID, "default", now));
        } catch (StoreException e) {
            if (!e.isUniqueViolation()) {
                throw e;
            }
        }
    }

    public Optional<App> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM apps WHERE id = ?", AppStore::row, id);
    }

    /**
     * A page of apps, oldest first unless {@code newestFirst}.
     *
     * @param search null, or text the name must contain (case-insensitive)
     */
    public Page<App> list(String search, boolean newestFirst, long offset, int limit) {
        String where = search == null ? "" : " WHERE LOWER(name) LIKE ?";
        List<Object> params = new ArrayList<>();
        if (search != null) {
            params.add(Jdbc.containsPattern(search));
        }
        long total = jdbc.count("SELECT COUNT(*) FROM apps" + where, params.toArray());
        params.add(limit);
        params.add(offset);
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM apps" + where + " ORDER BY seq"
                + (newestFirst ? " DESC" : "") + " LIMIT ? OFFSET ?", AppStore::row, params.toArray()), offset, total);
    }

    private static App row(ResultSet rs) throws SQLException {
        return new App(rs.getString(1), rs.getString(2), rs.getLong(3));
    }
}
