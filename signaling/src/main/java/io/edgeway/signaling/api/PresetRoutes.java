package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.model.PresetDocument;
import io.edgeway.signaling.store.PresetStore;
import io.edgeway.signaling.store.StoreException;
import java.util.Set;
import java.util.UUID;

/**
 * An app's presets ({@code .../presets}): create, list (id, name and times; {@code search} by name), get,
 * update (PATCH merges the given documents), replace (PUT: over the defaults), delete. Names are unique within
 * the app and case-sensitive ("Host" and "host" are two presets). What the documents may say is
 * {@link PresetDocument}'s to check: a permission Edgeway cannot enforce is refused when written.
 */
final class PresetRoutes {

    private static final Set<String> BODY = Set.of("name", "config", "ui", "permissions");

    private final PresetStore presets;
    private final Clock clock;

    PresetRoutes(PresetStore presets, Clock clock) {
        this.presets = presets;
        this.clock = clock;
    }

    void register(Router r) {
        r.app("POST", "/presets", this::create);
        r.app("GET", "/presets", req -> {
            req.onlyQuery(Set.of("page_no", "per_page", "search"));
            String search = req.queryText("search");
            return ApiResponse.page(presets.list(req.appId(), search == null || search.isEmpty() ? null : search,
                    MeetingRoutes.offset(req), MeetingRoutes.perPage(req)), Views::presetSummary);
        });
        r.app("GET", "/presets/{preset_id}", req -> ApiResponse.ok(Views.preset(find(req))));
        r.app("PATCH", "/presets/{preset_id}", req -> {
            Preset old = find(req);
            return update(req, old, old.document());
        });
        r.app("PUT", "/presets/{preset_id}", req -> {
            ObjectNode body = req.json();
            if (name(body) == null) {
                throw Fields.invalid("name is required: PUT replaces the whole preset");
            }
            return update(req, find(req), PresetDocument.defaults());
        });
        r.app("DELETE", "/presets/{preset_id}", this::delete);
    }

    private ApiResponse create(ApiRequest req) {
        ObjectNode body = req.json();
        Fields.only(body, "a preset", BODY);
        String name = name(body);
        if (name == null) {
            throw Fields.invalid("name is required");
        }
        long now = clock.epochSeconds();
        Preset p = new Preset(UUID.randomUUID().toString(), req.appId(), name,
                PresetDocument.merge(PresetDocument.defaults(), body), now, now);
        try {
            presets.insert(p);
        } catch (StoreException e) {
            throw e.isUniqueViolation() ? taken(name) : e;
        }
        return ApiResponse.created(Views.preset(p));
    }

    /** Writes {@code old} with the request's documents merged over {@code base}. */
    private ApiResponse update(ApiRequest req, Preset old, ObjectNode base) {
        ObjectNode body = req.json();
        Fields.only(body, "a preset", BODY);
        String name = name(body);
        Preset p = new Preset(old.id(), old.appId(), name == null ? old.name() : name, PresetDocument.merge(base, body),
                old.createdAt(), clock.epochSeconds());
        try {
            if (!presets.update(p)) {
                throw notFound(old.id());
            }
        } catch (StoreException e) {
            throw e.isUniqueViolation() ? taken(p.name()) : e;
        }
        return ApiResponse.ok(Views.preset(p));
    }

    private ApiResponse delete(ApiRequest req) {
        Preset p = find(req);
        if (!presets.delete(p.id())) {
            throw notFound(p.id());
        }
        return ApiResponse.ok(Views.preset(p));
    }

    private static String name(ObjectNode body) {
        String name = Fields.text(body, "name");
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            throw Fields.invalid("name must not be empty");
        }
        Limits.checkPresetName(name);
        return name;
    }

    private Preset find(ApiRequest req) {
        String id = req.param("preset_id");
        return presets.find(req.appId(), id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.PRESET_NOT_FOUND, "no preset with id " + id + " in this app");
    }

    private static ApiException taken(String name) {
        return new ApiException(ErrorCode.PRESET_NAME_TAKEN, "a preset named \"" + name
                + "\" already exists in this app (names are unique and case-sensitive)");
    }
}
