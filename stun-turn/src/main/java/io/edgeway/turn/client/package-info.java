/**
 * The client side of TURN (RFC 8656 §7-§12) as a sans-I/O protocol helper, built on the same codec as
 * the server ({@code io.edgeway.stun.codec}, {@code io.edgeway.stun.attr}, {@code io.edgeway.turn.wire}).
 *
 * <p>Theory of operation. {@link io.edgeway.turn.client.TurnClientSession} is one allocation seen from
 * the client: it writes requests, indications and ChannelData into buffers the caller supplies and reads
 * the bytes the caller received, answering with a {@link io.edgeway.turn.client.TurnClientEvent}. It
 * opens no socket and reads no clock: the caller passes {@code now} (monotonic nanoseconds) in, asks
 * {@link io.edgeway.turn.client.TurnClientSession#nextDeadline()} when to call back, and writes what the
 * session tells it to write. On stream transports {@link io.edgeway.turn.client.TurnStreamFraming} cuts
 * the byte stream into the single messages the session reads.
 *
 * <p>Used by the load harness in {@code bench} and by tests that need a real client; it is the one
 * client implementation of the project.
 */
package io.edgeway.turn.client;
