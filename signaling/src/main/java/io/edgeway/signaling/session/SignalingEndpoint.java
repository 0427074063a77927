package io.edgeway.signaling.session;

/**
 * Where a signaling transport (the WebSocket) hands what its connections say: the {@link SignalingService}
 * of the one event loop a test runs, or the {@link SignalingRouter} in front of every loop's service.
 *
 * <p>Both methods from any thread; a connection's calls in the order its messages arrived.
 */
public interface SignalingEndpoint {

    /** A decoded message from {@code connection}; handled in arrival order. */
    void received(SignalingConnection connection, ClientMessage message);

    /** {@code connection} closed: its participant, if any, leaves with reason {@code disconnected}. */
    void disconnected(SignalingConnection connection);
}
