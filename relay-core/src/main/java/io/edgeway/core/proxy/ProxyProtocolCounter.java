package io.edgeway.core.proxy;

/**
 * What happened to the connections that met {@link ProxyProtocol}. Names are metric tag values; nothing
 * here names an address.
 */
public enum ProxyProtocolCounter {
    /** A trusted source's header was read: the connection is its client's from now on. */
    HEADER_ACCEPTED,
    /** A trusted source sent a LOCAL header (the balancer's own health check): the balancer is the client. */
    HEADER_LOCAL,
    /** A trusted source sent no header, a malformed one, or none in time: closed. */
    HEADER_MISSING,
    /** An untrusted source sent a header: refused and closed, so no client can claim another's address. */
    HEADER_REFUSED,
    /** An untrusted source sent no header: passed on as it is. */
    DIRECT
}
