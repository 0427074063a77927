/**
 * RTCP wire types (RFC 3550 §6, RFC 4585, RFC 5104) for the SFU's feedback path.
 *
 * <p>Reading: {@link io.edgeway.core.media.rtcp.RtcpCompoundIterator} walks a (decrypted) compound packet
 * and stops cleanly at the first bad header; each packet is then wrapped by the flyweight for its type
 * ({@link io.edgeway.core.media.rtcp.SenderReportFlyweight}, {@link
 * io.edgeway.core.media.rtcp.ReceiverReportFlyweight}, {@link io.edgeway.core.media.rtcp.PliFlyweight},
 * {@link io.edgeway.core.media.rtcp.FirFlyweight}, {@link io.edgeway.core.media.rtcp.NackFlyweight},
 * {@link io.edgeway.core.media.rtcp.RembFlyweight}, {@link io.edgeway.core.media.rtcp.SdesFlyweight},
 * {@link io.edgeway.core.media.rtcp.ByeFlyweight}) and checked with {@code isValid()}.
 *
 * <pre>{@code
 *   compound.wrap(decrypted);
 *   while (compound.next()) {
 *       if (compound.packetType() == RtcpPacketType.PSFB && compound.count() == RtcpPacketType.FMT_PLI
 *               && pli.wrap(compound).isValid()) {
 *           // forward toward the publisher, with SSRCs the publisher knows
 *           pli.senderSsrc(sfuSsrcTowardPublisher).mediaSsrc(publisherSsrc);
 *       }
 *   }
 *   if (compound.error() != RtcpCompoundError.NONE) { count it; the packets before were still read }
 * }</pre>
 *
 * <p>Writing: {@link io.edgeway.core.media.rtcp.RtcpBuilder} appends SR, RR (with report blocks), PLI,
 * FIR, NACK, REMB, SDES CNAME and BYE packets to a caller's buffer; SSRCs are rewritten in place through
 * the flyweights' setters. {@link io.edgeway.core.media.rtcp.TransportFeedbackBuilder} writes
 * transport-wide congestion control feedback (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §3.1) with run-length and status-vector chunks.
 *
 * <p>Flyweights and iterators are reusable, confined to one event loop and allocation-free; buffers are
 * always borrowed.
 */
package io.edgeway.core.media.rtcp;
