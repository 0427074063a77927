package io.edgeway.core.media.dtls;

/**
 * Which side of the DTLS handshake this process played. It decides which half of the exported SRTP
 * keys protects what we send: RFC 5764 §4.2 names the keys after the DTLS role, not after the media
 * direction. An ICE-lite SFU answers with {@code a=setup:passive} and is therefore always the server.
 */
public enum DtlsRole {
    CLIENT,
    SERVER
}
