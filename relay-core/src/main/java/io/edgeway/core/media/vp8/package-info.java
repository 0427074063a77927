/**
 * VP8 over RTP (RFC 7741): the payload descriptor and key frame header an SFU reads to find key frames,
 * layers and frame sizes, and rewrites (PictureID, TL0PICIDX) when it switches a subscriber between
 * sources or simulcast layers.
 */
package io.edgeway.core.media.vp8;
