/**
 * The SFU's forwarding core: per participant, one SRTP session to unprotect what its browser sends and
 * one to protect what it receives; per room, SSRC-based routing that decrypts each packet once and
 * encrypts one copy per subscriber ({@link io.edgeway.core.media.fanout.MediaRoom}). Everything here runs
 * on the media port's event loop.
 */
package io.edgeway.core.media.fanout;
