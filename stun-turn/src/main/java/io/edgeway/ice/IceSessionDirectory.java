package io.edgeway.ice;

import io.edgeway.core.media.port.IceTcpRouter;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open {@link IceMediaSession} of a process by its local ufrag, across the media ports of all its
 * event loops (one {@link IceMediaSessions}, and so one ICE-lite responder, per loop): which loop a
 * connectivity check belongs to. The SDP answer gives each participant one port's candidates and that
 * port's responder's ufrag, so a check arriving on that port finds its participant there; a check on the
 * process's one ICE-TCP port (or its shared port) may arrive on any loop, and this directory tells the
 * {@link IceTcpRouter} where to move it ({@link #portOf}: the USERNAME of RFC 8445 §7.2.2 is
 * "local ufrag:remote ufrag").
 *
 * <p>It also keeps local ufrags unique across the responders: {@link IceMediaSessions#open} claims each one
 * here before it hands it out, and draws another when a responder of another loop holds it.
 *
 * <p>Thread-safe (a concurrent map); nothing here runs per packet.
 */
public final class IceSessionDirectory implements IceTcpRouter.Resolver {

    private final ConcurrentHashMap<String, IceMediaSession> sessions = new ConcurrentHashMap<>();

    /** Registers {@code session} under {@code localUfrag}; false when another session holds it. */
    boolean claim(String localUfrag, IceMediaSession session) {
        return sessions.putIfAbsent(localUfrag, session) == null;
    }

    /** Forgets {@code session}'s ufrag, if it still holds it. */
    void release(String localUfrag, IceMediaSession session) {
        sessions.remove(localUfrag, session);
    }

    /** The open session whose local ufrag this is, or null. */
    public IceMediaSession session(String localUfrag) {
        return sessions.get(localUfrag);
    }

    /** Open sessions on every loop. */
    public int size() {
        return sessions.size();
    }

    /**
     * The media port of the participant a connectivity check names: a Binding request whose USERNAME starts
     * with the local ufrag of an open session. Null for anything else (not STUN, another method, no
     * USERNAME, a ufrag nobody holds); the responder of whichever port gets it then answers as it answers
     * any check. Nothing is verified here: the responder that gets the connection checks the integrity.
     */
    @Override
    public MediaPort portOf(ByteBuf check) {
        StunMessage message = new StunMessage();
        String username;
        try {
            message.wrap(check, check.readerIndex(), check.readableBytes());
            if (message.messageType() != StunMessageType.BINDING_REQUEST) {
                return null;
            }
            int index = message.indexOf(StunAttributeType.USERNAME);
            if (index < 0) {
                return null;
            }
            username = TextAttribute.read(message, index);
        } catch (StunParseException e) {
            return null;
        }
        int colon = username.indexOf(':');
        IceMediaSession session = sessions.get(colon < 0 ? username : username.substring(0, colon));
        return session == null ? null : session.port();
    }
}
