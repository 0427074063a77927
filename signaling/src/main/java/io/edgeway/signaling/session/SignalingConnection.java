package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client's signaling channel as the session layer sees it: a WebSocket in production, a recorder
 * in tests. Identity is the object itself.
 *
 * <p><b>Threading:</b> called on the media port's loop; implementations hand the work to their own
 * thread and never block. <b>Ownership:</b> a message passed to {@link #send} belongs to the
 * connection from then on (it may be serialised later, on another thread); the caller must not touch it.
 */
public interface SignalingConnection {

    /** Queues one server message; silently dropped once the connection is closed. */
    void send(ObjectNode message);

    /** Closes the connection after the messages already queued; the session layer hears it as a disconnect. */
    void close();
}
