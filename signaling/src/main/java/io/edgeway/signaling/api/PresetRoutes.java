package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.model.PresetDocument;
import io.edgeway.signaling.store.PresetStore;
import io.edgeway.signaling.store.StoreException;
import java.util.UUID;

/**
 * {@code /v1/presets}: create, list, get, update (PATCH merges the given documents), delete. Names are
 * unique and case-sensitive ("Host" and "host" are two presets).
 */
final class PresetRoutes {

    private final PresetStore presets;
    private final Clock clock;

    PresetRoutes(PresetStore presets, Clock clock) {
        this.presets = presets;
        this.clock = clock;
    }

    void register(Router r) {
        r.add("POST", "/v1/presets", Auth.API_KEY, this::create);
        r.add("GET", "/v1/presets", Auth.API_KEY, req -> ApiResponse.page(
                presets.list(MeetingRoutes.offset(req), MeetingRoutes.perPage(req)), Views::preset));
        r.add("GET", "/v1/presets/{preset_id}", Auth.API_KEY, req -> ApiResponse.ok(Views.preset(find(req))));
        r.add("PATCH", "/v1/presets/{preset_id}", Auth.API_KEY, this::update);
        r.add("DELETE", "/v1/presets/{preset_id}", Auth.API_KEY, this::delete);
    }

    private ApiResponse create(ApiRequest req) {
        ObjectNode body = req.json();
        String name = name(body);
        if (name == null) {
            throw Fields.invalid("name is required");
        }
        long now = clock.epochSeconds();
        Preset p = new Preset(UUID.randomUUID().toString(), name, PresetDocument.merge(PresetDocument.defaults(), body),
                now, now);
        try {
            presets.insert(p);
        } catch (StoreException e) {
            throw e.isUniqueViolation() ? taken(name) : e;
        }
        return ApiResponse.created(Views.preset(p));
    }

    private ApiResponse update(ApiRequest req) {
        Preset old = find(req);
        ObjectNode body = req.json();
        String name = name(body);
        Preset p = new Preset(old.id(), name == null ? old.name() : name, PresetDocument.merge(old.document(), body),
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
        return presets.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.PRESET_NOT_FOUND, "no preset with id " + id);
    }

    private static ApiException taken(String name) {
        return new ApiException(ErrorCode.PRESET_NAME_TAKEN, "a preset named \"" + name
                + "\" already exists (names are unique and case-sensitive)");
    }
}
