/**
 * The PROXY protocol (v1/v2) in front of the TCP and TLS listeners: headers believed from configured load
 * balancers only ({@link io.edgeway.core.proxy.ProxyProtocol}), and the connection's real client address
 * ({@link io.edgeway.core.proxy.ClientAddress}) that rate limits, logs and peer checks read. Runs once per
 * connection, never per packet.
 */
package io.edgeway.core.proxy;
