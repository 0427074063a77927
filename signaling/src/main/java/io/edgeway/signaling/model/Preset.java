package io.edgeway.signaling.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A preset: a named role of one app (names unique within the app, case-sensitive, at most 64 characters)
 * with its configuration, UI and permission documents. {@code document} holds {@code config}, {@code ui}
 * and {@code permissions} with every default filled in ({@link PresetDocument}); callers must not modify it.
 */
public record Preset(String id, String appId, String name, ObjectNode document, long createdAt, long updatedAt) {

    /** The permissions the session layer enforces. */
    public Permissions permissions() {
        return PresetDocument.permissions(document);
    }
}
