/**
 * Interop tests: Edgeway's TURN server against independent, real peers on loopback only.
 *
 * <ul>
 *   <li>{@code UclientInteropIT}: coturn's {@code turnutils_uclient} and {@code turnutils_peer}
 *       (Debian {@code coturn}) over UDP, TCP and TLS, ChannelData and Send indications, static and
 *       TURN REST credentials.</li>
 *   <li>{@code Ice4jTurnIT}: ice4j's {@code TurnCandidateHarvester} and relayed socket.</li>
 *   <li>{@code ChromiumRelayIT}: headless Debian {@code chromium} (driven by npm
 *       {@code playwright-core}) connecting two RTCPeerConnections relay-to-relay.</li>
 * </ul>
 *
 * <p>The classes run under maven-failsafe ({@code *IT}) in {@code verify}. They never skip: a missing
 * peer fails the test with a message pointing at {@code scripts/test.sh}, which installs them. Every
 * external process is bounded by a timeout and killed (with its children) when the test ends; its
 * output is kept under {@code target/interop/}.
 *
 * <p>{@link RealPeers}, {@link ExternalProcess} and {@link InteropDirs} are public: signaling's SFU ITs
 * find and run their peers (node, Chromium) with the same rules, through this module's test-jar.
 *
 * <p>{@code -Dedgeway.interop.server=coturn} runs the same tests against coturn's own
 * {@code turnserver} instead of Edgeway, to tell a harness fault from a server fault.
 */
package io.edgeway.turn.interop;
