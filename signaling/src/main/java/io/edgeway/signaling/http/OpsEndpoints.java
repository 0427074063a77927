package io.edgeway.signaling.http;

/**
 * What the operations endpoints need from the process: readiness, the Prometheus exposition, and the
 * admin actions. Implemented by {@code Main}'s wiring; kept small so the HTTP layer knows nothing of
 * TURN.
 */
public interface OpsEndpoints {

    /** Whether new allocations and joins are accepted (false while starting or draining). */
    boolean ready();

    /** The Prometheus text exposition of every meter. */
    String scrape();

    /** Starts a drain (idempotent); returns a one-line human description of the state. */
    String drain();

    /** Reloads what can change without a restart; returns a one-line summary or throws with the reason. */
    String reload() throws Exception;
}
