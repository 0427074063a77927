package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.model.App;
import io.edgeway.signaling.store.AppStore;
import java.util.Set;
import java.util.UUID;

/**
 * The account's apps ({@code .../realtime/kit/apps}, {@code /v1/apps}): list ({@code search} by name,
 * {@code sort_order} by creation) and create. Account-wide: an API key limited to one app may not call them.
 */
final class AppRoutes {

    private final AppStore apps;
    private final Clock clock;

    AppRoutes(AppStore apps, Clock clock) {
        this.apps = apps;
        this.clock = clock;
    }

    void register(Router r) {
        r.account("GET", "/apps", req -> {
            req.onlyQuery(Set.of("page_no", "per_page", "search", "sort_order"));
            String search = req.queryText("search");
            boolean newestFirst = "DESC".equals(Fields.oneOf(req, "sort_order", Set.of("ASC", "DESC")));
            return ApiResponse.page(apps.list(search == null || search.isEmpty() ? null : search, newestFirst,
                    MeetingRoutes.offset(req), MeetingRoutes.perPage(req)), Views::app);
        });
        r.account("POST", "/apps", req -> {
            ObjectNode body = req.json();
            Fields.only(body, "an app", Set.of("name"));
            String name = Fields.text(body, "name", 256);
            if (name == null || name.isBlank()) {
                throw Fields.invalid("name is required");
            }
            App app = new App(UUID.randomUUID().toString(), name, clock.epochSeconds());
            apps.insert(app);
            ObjectNode data = JsonEnvelope.JSON.createObjectNode();
            data.set("app", Views.app(app));
            return ApiResponse.created(data);
        });
    }
}
