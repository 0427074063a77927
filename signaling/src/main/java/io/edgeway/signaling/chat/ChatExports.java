package io.edgeway.signaling.chat;

import io.edgeway.signaling.auth.Secrets;
import io.edgeway.signaling.model.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring links to a session's chat (the sessions API's {@code chat_download_url}): the link names the session
 * and its expiry and carries {@code HMAC-SHA256(secret, sessionId + ":" + expires)}, so Edgeway serves it
 * without an API key (as a storage bucket's signed URL is) until it expires, and a link for one session
 * opens no other. The secret is made on first start and kept in the database, so links survive a restart.
 * The export is CSV, one line a message, oldest first.
 *
 * <p>Thread-safe; stateless apart from the secret.
 */
public final class ChatExports {

    /** How long a link is valid. */
    public static final Duration LINK_TTL = Duration.ofHours(1);

    private final byte[] secret;

    /** @param secret the link secret, base64url (from the settings store) */
    public ChatExports(String secret) {
        this.secret = Base64.getUrlDecoder().decode(secret);
    }

    /** A fresh secret for {@link #ChatExports(String)}. */
    public static String newSecret() {
        return Secrets.randomToken(32);
    }

    /** The link's query string ({@code expires=...&signature=...}) for a link made at {@code now}, and its expiry. */
    public record Link(String query, long expiresAt) {
    }

    public Link link(String sessionId, long now) {
        long expires = now + LINK_TTL.getSeconds();
        return new Link("expires=" + expires + "&signature=" + sign(sessionId, expires), expires);
    }

    /**
     * The link's path and query on this server: {@code /v1/sessions/{id}/chat/download?expires=...&signature=...}
     * (the route {@code SessionRoutes} serves without an API key).
     */
    public static String path(String sessionId, Link link) {
        return "/v1/sessions/" + sessionId + "/chat/download?" + link.query();
    }

    /** Whether {@code signature} is this server's for the session and {@code expires} has not passed at {@code now}. */
    public boolean valid(String sessionId, String expires, String signature, long now) {
        if (expires == null || signature == null) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        return now < at && MessageDigest.isEqual(sign(sessionId, at).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The export: a header line, then id, time, participant id, display name and text of each message (RFC 4180). */
    public static String csv(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder("id,sent_at,participant_id,display_name,message\r\n");
        for (ChatMessage m : messages) {
            out.append(field(m.id())).append(',').append(Instant.ofEpochSecond(m.sentAt())).append(',')
                    .append(field(m.participantId())).append(',').append(field(m.displayName())).append(',')
                    .append(field(m.text())).append("\r\n");
        }
        return out.toString();
    }

    private static String field(String s) {
        if (s == null) {
            return "";
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private String sign(String sessionId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((sessionId + ":" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
