/**
 * ICE-lite (RFC 8445 §2.5) for the SFU's media port: {@link io.edgeway.ice.IceLiteResponder} answers
 * each participant's connectivity checks with STUN short-term credentials, tracks the candidate pair
 * the participant nominates for media, and drops participants whose consent lapses
 * ({@link io.edgeway.ice.ConsentTracker}, RFC 7675). It implements relay-core's
 * {@link io.edgeway.core.spi.StunPacketHandler}, through which the media port's RFC 7983
 * demultiplexer hands it STUN packets.
 *
 * <p>Sans-I/O, like {@code io.edgeway.turn.core}: nothing here opens a socket or reads a clock. Bytes and
 * the read batch's {@code Clock.nanos()} reading come in; answers leave through a
 * {@link io.edgeway.core.spi.StunReplySink}, and state changes are reported as
 * {@link io.edgeway.ice.IceEvent}s. The caller drives expiry with {@code onTimeout(now)} at or after
 * {@code nextDeadline()}, so tests prove the 30 s consent deadline with a {@code ManualClock}. The wire
 * format is the shared codec of {@code io.edgeway.stun.codec} and {@code io.edgeway.stun.attr}.
 */
package io.edgeway.ice;
