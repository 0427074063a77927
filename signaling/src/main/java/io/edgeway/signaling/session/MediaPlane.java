package io.edgeway.signaling.session;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.ice.IceCredentials;

/**
 * What the session layer needs of the media engine: a forwarding room per meeting and a media leg
 * (ICE-lite session, DTLS-SRTP transport, room membership) per participant. {@link PortMediaPlane} is
 * the real one, on the media port; the session layer's unit tests drive a recording one without sockets.
 *
 * <p><b>Threading:</b> every method on the media port's loop, where the session layer runs.
 */
public interface MediaPlane {

    /** A room for a new meeting; the meeting's participants' media is forwarded among its members. */
    Room openRoom(String meetingId);

    /**
     * Opens one participant's media when its first offer arrives: fresh local ICE credentials, a
     * transport expecting the browser's DTLS certificate. The leg reports to {@code listener} on the loop.
     *
     * @param remote the offer's {@code a=ice-ufrag}/{@code a=ice-pwd}
     * @param remoteFingerprint the offer's {@code a=fingerprint}
     */
    MediaLeg openLeg(Room room, String participantId, IceCredentials remote, CertificateFingerprint remoteFingerprint,
            MediaLeg.Listener listener);

    /** How participants receive when this plane forwards through slots, or null: everyone gets every stream. */
    default SlotLayout slotLayout() {
        return null;
    }

    /** One meeting's forwarding room. */
    interface Room {
        /** The meeting ended (its last participant left): forget the room. */
        void close();
    }
}
