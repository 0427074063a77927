package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.model.Webhook;
import io.edgeway.signaling.model.WebhookDelivery;
import io.edgeway.signaling.store.WebhookDeliveryStore;
import io.edgeway.signaling.store.WebhookStore;
import io.edgeway.signaling.webhook.WebhookEvent;
import io.edgeway.signaling.webhook.WebhookSigner;
import io.edgeway.signaling.webhook.WebhookTargets;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An app's webhooks ({@code .../webhooks}): create, list, get, edit (PATCH: the fields given), replace (PUT),
 * delete; the delivery log of one ({@code .../webhooks/{webhook_id}/deliveries}, Edgeway's: newest first,
 * paged, filter {@code state}); and the public key that checks {@code rtk-signature}
 * ({@value WebhookSigner#PUBLIC_KEY_PATH}, no key needed).
 *
 * <p>A webhook needs {@code name}, an http(s) {@code url} and at least one event; {@code enabled} defaults to true.
 * An event Edgeway does not send ({@code recording.statusUpdate}, {@code livestreaming.statusUpdate},
 * {@code meeting.transcript}, {@code meeting.summary}) is refused {@code not_supported}, naming it; a URL whose
 * host is an address the target policy refuses is refused {@code webhook_target_refused} (a name that does not
 * resolve yet is accepted: it is checked again at every delivery).
 */
final class WebhookRoutes {

    private static final Set<String> BODY = Set.of("name", "url", "events", "enabled");
    private static final int MAX_NAME = 256;

    private final WebhookStore webhooks;
    private final WebhookDeliveryStore deliveries;
    private final WebhookSigner signer;
    private final WebhookTargets targets;
    private final Clock clock;

    WebhookRoutes(WebhookStore webhooks, WebhookDeliveryStore deliveries, WebhookSigner signer, WebhookTargets targets,
            Clock clock) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.signer = signer;
        this.targets = targets;
        this.clock = clock;
    }

    void register(Router r) {
        r.app("POST", "/webhooks", req -> {
            long now = clock.epochSeconds();
            Webhook w = apply(req.json(), new Webhook(UUID.randomUUID().toString(), req.appId(), null, null, List.of(),
                    true, now, now), true, now);
            webhooks.insert(w);
            return ApiResponse.created(Views.webhook(w));
        });
        r.app("GET", "/webhooks", req -> {
            req.onlyQuery(Set.of());
            ArrayNode list = JsonEnvelope.JSON.createArrayNode();
            webhooks.list(req.appId()).forEach(w -> list.add(Views.webhook(w)));
            return ApiResponse.ok(list);
        });
        r.app("GET", "/webhooks/{webhook_id}", req -> ApiResponse.ok(Views.webhook(find(req))));
        r.app("PATCH", "/webhooks/{webhook_id}", req -> update(req, false));
        r.app("PUT", "/webhooks/{webhook_id}", req -> update(req, true));
        r.app("DELETE", "/webhooks/{webhook_id}", req -> {
            Webhook w = find(req);
            if (!webhooks.delete(req.appId(), w.id())) {
                throw notFound(w.id());
            }
            return ApiResponse.ok(Views.webhook(w));
        });
        r.app("GET", "/webhooks/{webhook_id}/deliveries", req -> {
            req.onlyQuery(Set.of("page_no", "per_page", "state"));
            Webhook w = find(req);
            String state = Fields.oneOf(req, "state", Set.of("PENDING", "DELIVERED", "FAILED"));
            return ApiResponse.page(deliveries.log(w.id(), state == null ? null : WebhookDelivery.State.valueOf(state),
                    MeetingRoutes.offset(req), MeetingRoutes.perPage(req)), Views::webhookDelivery);
        });
        r.add("GET", WebhookSigner.PUBLIC_KEY_PATH, Router.Auth.PUBLIC, req -> ApiResponse.bare(HttpResponseStatus.OK,
                JsonEnvelope.JSON.createObjectNode().put("publicKey", signer.publicKeyPem())));
    }

    private ApiResponse update(ApiRequest req, boolean replace) {
        Webhook base = find(req);
        long now = clock.epochSeconds();
        Webhook w = apply(req.json(), replace ? new Webhook(base.id(), base.appId(), null, null, List.of(), true,
                base.createdAt(), now) : base, replace, now);
        if (!webhooks.update(w)) {
            throw notFound(w.id());
        }
        return ApiResponse.ok(Views.webhook(w));
    }

    /** {@code base} with the body's fields; {@code complete} requires name, url and events (create, PUT). */
    private Webhook apply(ObjectNode body, Webhook base, boolean complete, long now) {
        Fields.only(body, "a webhook", BODY);
        String name = complete ? Fields.requiredText(body, "name") : Fields.has(body, "name")
                ? Fields.requiredText(body, "name") : base.name();
        if (name.length() > MAX_NAME) {
            throw Fields.invalid("name may have at most " + MAX_NAME + " characters");
        }
        String url = Fields.has(body, "url") || complete ? Fields.url(body, "url") : base.url();
        if (url == null) {
            throw Fields.invalid("url is required: the http or https URL Edgeway POSTs the events to");
        }
        checkTarget(url);
        List<String> events = Fields.has(body, "events") || complete ? events(body) : base.events();
        boolean enabled = Fields.bool(body, "enabled", base.enabled());
        return new Webhook(base.id(), base.appId(), name, url, events, enabled, base.createdAt(), now);
    }

    private static List<String> events(ObjectNode body) {
        List<String> given = Fields.strings(body, "events");
        if (given.isEmpty()) {
            throw Fields.invalid("events is required: at least one of " + String.join(", ", sent()));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : given) {
            WebhookEvent e = WebhookEvent.of(name).orElseThrow(() -> Fields.invalid("unknown event \"" + name
                    + "\"; Edgeway sends " + String.join(", ", sent())));
            if (!e.sent()) {
                throw new ApiException(ErrorCode.NOT_SUPPORTED, "event " + name + " needs " + e.missingFeature()
                        + ", which Edgeway does not have: a webhook subscribed to it would never be called for it");
            }
            out.add(name);
        }
        return new ArrayList<>(out);
    }

    private static List<String> sent() {
        List<String> names = new ArrayList<>();
        for (WebhookEvent e : WebhookEvent.values()) {
            if (e.sent()) {
                names.add(e.wireName());
            }
        }
        return names;
    }

    /** Refuses a URL whose host resolves only to addresses the target policy refuses. */
    private void checkTarget(String url) {
        WebhookTargets.Resolution target;
        try {
            target = targets.resolve(URI.create(url));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return; // checked again at every delivery
        }
        if (!target.permitted()) {
            throw new ApiException(ErrorCode.WEBHOOK_TARGET_REFUSED, "url: " + target.refusal());
        }
    }

    private Webhook find(ApiRequest req) {
        String id = req.param("webhook_id");
        return webhooks.find(req.appId(), id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.WEBHOOK_NOT_FOUND, "no webhook " + id + " in this app");
    }
}
