package io.edgeway.ice;

/**
 * Receives {@link IceEvent}s from an {@link IceLiteResponder}.
 *
 * <p>Called on the responder's thread, synchronously from {@code onStun} or {@code onTimeout}, after
 * the responder's own state is updated and any answer is sent. Implementations must be quick and must
 * not call back into the responder's packet or timer methods; adding and removing participants is
 * allowed. An exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface IceEventListener {

    void onIceEvent(IceEvent event);

    /** Ignores every event. */
    IceEventListener NONE = event -> { };
}
