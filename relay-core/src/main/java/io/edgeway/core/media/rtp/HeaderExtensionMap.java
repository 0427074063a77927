package io.edgeway.core.media.rtp;

import io.edgeway.core.media.sdp.ExtMap;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SessionDescription;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The RTP header extensions one endpoint negotiated (RFC 8285 §5, {@code a=extmap:<id> <uri>}): which
 * local ID stands for which extension URI on its transport. Every endpoint has its own mapping, so an
 * SFU forwarding a publisher's packet to a subscriber translates IDs through both mappings
 * ({@link ExtensionIdMap#between}).
 *
 * <p>One-to-one: an ID names one URI and a URI has one ID. With BUNDLE every m= section shares the
 * transport, and RFC 8843 §9.2 requires an ID to mean the same extension in every bundled section;
 * {@link #fromSession} therefore takes the union of the sections and refuses an ID that names two URIs.
 * A URI that two sections give different IDs (werift numbers its extensions across the sections, so the
 * audio section's {@code sdes:mid} is 1 and the video section's 4) keeps the first in the session's
 * map; {@link #fromSection} gives each section's own.
 *
 * <p>Immutable and thread-safe: built by signaling code, read on the media loop. {@link #id(String)}
 * and {@link #uri(int)} are allocation-free.
 */
public final class HeaderExtensionMap {

    /** RFC 8285 §5: IDs 1-255 (1-14 fit the one-byte form). */
    public static final int MAX_ID = RtpHeaderExtensions.TWO_BYTE_MAX_ID;

    /** No extensions negotiated. */
    public static final HeaderExtensionMap EMPTY = new HeaderExtensionMap(new String[MAX_ID + 1], Map.of());

    private final String[] uriById;
    private final Map<String, Integer> idByUri;

    private HeaderExtensionMap(String[] uriById, Map<String, Integer> idByUri) {
        this.uriById = uriById;
        this.idByUri = idByUri;
    }

    /**
     * The mapping {@code uri -> id}.
     *
     * @throws IllegalArgumentException for an ID outside 1-255 or one used by two URIs
     */
    public static HeaderExtensionMap of(Map<String, Integer> idByUri) {
        String[] uris = new String[MAX_ID + 1];
        Map<String, Integer> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : idByUri.entrySet()) {
            String uri = Objects.requireNonNull(e.getKey(), "uri");
            int id = Objects.requireNonNull(e.getValue(), "id");
            checkId(id);
            if (uris[id] != null) {
                throw new IllegalArgumentException("extension ID " + id + " names both " + uris[id] + " and " + uri);
            }
            uris[id] = uri;
            copy.put(uri, id);
        }
        return new HeaderExtensionMap(uris, Collections.unmodifiableMap(copy));
    }

    /**
     * The extensions negotiated in {@code description}: the {@code a=extmap} lines of every RTP section
     * that is not rejected. Pass the description that settled the negotiation, i.e. the answer (ours to
     * a browser's offer, or the browser's to ours): an answer lists only what both sides accepted, with
     * the offerer's IDs (RFC 8285 §6).
     *
     * A URI given different IDs by two sections keeps the first section's ID here (the other sections'
     * maps, {@link #fromSection}, have theirs).
     *
     * @throws IllegalArgumentException when two sections give one ID two URIs (RFC 8843 §9.2)
     */
    public static HeaderExtensionMap fromSession(SessionDescription description) {
        Map<String, Integer> idByUri = new LinkedHashMap<>();
        String[] uris = new String[MAX_ID + 1];
        for (MediaDescription section : description.media()) {
            if (section.isRejected() || !section.isRtp()) {
                continue;
            }
            for (ExtMap extMap : section.extMaps()) {
                String named = uris[extMap.id()];
                if (named != null && !named.equals(extMap.uri())) {
                    throw new IllegalArgumentException("extension ID " + extMap.id() + " names both " + named
                            + " and " + extMap.uri() + " in one BUNDLE group (RFC 8843 §9.2)");
                }
                if (named == null && !idByUri.containsKey(extMap.uri())) {
                    uris[extMap.id()] = extMap.uri();
                    idByUri.put(extMap.uri(), extMap.id());
                } else if (named == null) {
                    // The URI's ID in an earlier section stands for the session; this ID still names it alone.
                    uris[extMap.id()] = extMap.uri();
                }
            }
        }
        return of(idByUri);
    }

    /** The extensions of one m= section: its {@code a=extmap} lines. */
    public static HeaderExtensionMap fromSection(MediaDescription section) {
        Map<String, Integer> idByUri = new LinkedHashMap<>();
        for (ExtMap extMap : section.extMaps()) {
            idByUri.put(extMap.uri(), extMap.id());
        }
        return of(idByUri);
    }

    /** The ID of {@code uri}, or 0 if it was not negotiated. */
    public int id(String uri) {
        Integer id = idByUri.get(uri);
        return id == null ? 0 : id;
    }

    /** The URI of {@code id}, or null if the ID is unused or out of range. */
    public String uri(int id) {
        return id >= 1 && id <= MAX_ID ? uriById[id] : null;
    }

    /** The negotiated URIs, in the order given. */
    public Set<String> uris() {
        return idByUri.keySet();
    }

    public int size() {
        return idByUri.size();
    }

    private static void checkId(int id) {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("extension ID out of range 1-255: " + id);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderExtensionMap other && Arrays.equals(uriById, other.uriById);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uriById);
    }

    @Override
    public String toString() {
        return "HeaderExtensionMap" + idByUri;
    }
}
