/**
 * RTP wire types (RFC 3550) for the SFU's per-packet path.
 *
 * <ul>
 *   <li>{@link io.edgeway.core.media.rtp.RtpHeaderFlyweight}: the fixed header, CSRCs, extension bounds,
 *       payload and padding, read and rewritten in place.
 *   <li>{@link io.edgeway.core.media.rtp.RtpHeaderExtensions}: a cursor over RFC 8285 one-byte and
 *       two-byte extension elements, with in-place value rewrite and ID remapping through an
 *       {@link io.edgeway.core.media.rtp.ExtensionIdMap} (built per publisher/subscriber pair from two
 *       {@link io.edgeway.core.media.rtp.HeaderExtensionMap}s, each endpoint's negotiated URI-to-ID
 *       mapping); {@link io.edgeway.core.media.rtp.RtpHeaderExtensionWriter} writes a new block.
 *   <li>{@link io.edgeway.core.media.rtp.AudioLevel} (RFC 6464) and {@link
 *       io.edgeway.core.media.rtp.TransportWideSequence} (draft-holmer transport-wide-cc): the two
 *       extensions the SFU reads or rewrites itself.
 *   <li>{@link io.edgeway.core.media.rtp.SequenceNumbers}, {@link
 *       io.edgeway.core.media.rtp.RtpSequenceTracker} and {@link
 *       io.edgeway.core.media.rtp.InterarrivalJitter}: 16-bit wrap arithmetic and the RFC 3550 Appendix
 *       A receiver statistics behind a reception report block.
 * </ul>
 *
 * <p>Every type here is either stateless or a reusable flyweight/cursor confined to one event loop;
 * none allocates per packet, takes a lock or logs. Buffers are always borrowed.
 */
package io.edgeway.core.media.rtp;
