/**
 * One TCP port for several protocols (HTTPS/WSS, TURN over TLS or TCP, ICE-TCP media), for networks that
 * let little more than TCP 443 out. {@link io.edgeway.core.sharedport.SharedPortListener} accepts;
 * {@link io.edgeway.core.sharedport.ProtocolSniffer} tells TLS from the plain protocols by the first bytes
 * and, inside TLS, chooses by ALPN or the first decrypted bytes; each
 * {@link io.edgeway.core.sharedport.PortProtocol} is supplied by the module that speaks it and installs
 * the same handlers its dedicated listener would. Relay-core knows none of them but TLS, so modules keep
 * depending one way. Runs once per connection, never per packet.
 */
package io.edgeway.core.sharedport;
