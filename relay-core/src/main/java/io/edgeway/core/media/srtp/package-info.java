/**
 * SRTP and SRTCP (RFC 3711) with the two DTLS-SRTP profiles WebRTC uses,
 * {@code SRTP_AES128_CM_HMAC_SHA1_80} and {@code SRTP_AEAD_AES_128_GCM} (RFC 7714), on javax.crypto.
 *
 * <p>Entry point: {@link io.edgeway.core.media.srtp.SrtpSession}, one per direction of a DTLS-SRTP
 * association, built from the exported keying material. Its per-SSRC
 * {@link io.edgeway.core.media.srtp.SrtpContext} and {@link io.edgeway.core.media.srtp.SrtcpContext}
 * transform packets in place in a Netty {@code ByteBuf} and answer with a
 * {@link io.edgeway.core.media.srtp.SrtpResult} instead of throwing, so the receive path counts and
 * drops forged, replayed and malformed packets without exceptions.
 *
 * <p>This is per-packet code: no locks, no logging, no allocation once a stream's context exists
 * (except inside the JDK's AES-GCM cipher init, documented on {@code AesGcmTransform}). Every object
 * here is confined to the thread that owns the session. Key derivation
 * ({@link io.edgeway.core.media.srtp.SrtpKeyDerivation}) runs once per session. The figures come from
 * {@code bench}'s {@code SrtpProtectBench}.
 */
package io.edgeway.core.media.srtp;
