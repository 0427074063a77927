package io.edgeway.signaling.model;

/**
 * An app: RealtimeKit's tenant. Every preset and meeting (and through its meeting every participant and
 * session) belongs to one app, and an API key may be limited to one. Immutable.
 *
 * @param createdAt Unix seconds
 */
public record App(String id, String name, long createdAt) {

    /**
     * The app that rows made before apps existed belong to, and the one the {@code /v1/} short form of the
     * REST API addresses.
     */
    public static final String DEFAULT_ID = "default";
}
