/**
 * The RealtimeKit-shaped join on the signaling WebSocket: a participant token (issued by the control
 * plane's REST API) is checked and claimed off the event loops ({@link io.edgeway.signaling.rtk.TokenJoinAuthenticator}),
 * and the participant's {@link io.edgeway.signaling.session.Seat} is its claim on the live session
 * ({@link io.edgeway.signaling.rtk.ControlPlaneSeat}): released when it leaves, told of REST kicks and of
 * the session ending, the way to the chat store. The protocol itself is the session layer's
 * ({@code io.edgeway.signaling.session}); docs/SIGNALING.md maps each message to RealtimeKit's client events.
 */
package io.edgeway.signaling.rtk;
