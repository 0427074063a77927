/**
 * Session descriptions for the SFU: the unified-plan SDP of WebRTC (RFC 8866, RFC 8829) read into
 * immutable values ({@link io.edgeway.core.media.sdp.SdpParser} -> {@link
 * io.edgeway.core.media.sdp.SessionDescription}), written back deterministically ({@link
 * io.edgeway.core.media.sdp.SdpWriter}), and the SFU's side of the negotiation: the answer to a
 * browser's offer ({@link io.edgeway.core.media.sdp.SfuAnswerBuilder}) and the SFU's own offers when
 * participants join or leave ({@link io.edgeway.core.media.sdp.SfuOfferBuilder}), with the codec,
 * feedback and header-extension choices in one place ({@link io.edgeway.core.media.sdp.SfuMediaPolicy}).
 *
 * <p>Signaling, not media: everything here runs once per negotiation, on whatever thread the
 * signaling layer uses, and allocates freely. Every type is immutable and thread-safe except the
 * {@code Builder}s, which belong to one thread. Values refuse line breaks, so a description built from
 * them cannot smuggle a line into the text. Nothing here logs: descriptions carry ICE passwords.
 *
 * <p>What the media engine reads from a negotiated description: the payload types ({@link
 * io.edgeway.core.media.sdp.MediaDescription#firstFormat}, {@link
 * io.edgeway.core.media.sdp.MediaDescription#rtxFor}), header-extension ids ({@link
 * io.edgeway.core.media.sdp.MediaDescription#extMapId}), the publisher's SSRCs and FID groups, and the
 * mid of each section, which the {@code sdes:mid} header extension carries in every packet.
 */
package io.edgeway.core.media.sdp;
