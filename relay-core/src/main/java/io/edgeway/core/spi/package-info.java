/**
 * Service interfaces that relay-core calls and higher modules implement. Dependencies point one way
 * (relay-core &lt;- stun-turn &lt;- signaling), so where the media engine must hand work to STUN code it
 * defines the interface here, stun-turn supplies the implementation, and the process ({@code Main})
 * wires the two together.
 *
 * <p>{@link io.edgeway.core.spi.StunPacketHandler}: the media port's RFC 7983 demultiplexer gives it
 * every datagram (or RFC 4571 frame) whose first byte is 0-3; stun-turn's {@code IceLiteResponder}
 * answers ICE connectivity checks through a {@link io.edgeway.core.spi.StunReplySink}.
 */
package io.edgeway.core.spi;
