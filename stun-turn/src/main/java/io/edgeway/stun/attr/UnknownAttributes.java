package io.edgeway.stun.attr;
import io.edgeway.stun.codec.*;
public final class UnknownAttributes {
    public static void addTo(StunMessageWriter w, int[] types, int count) { int s = w.beginAttribute(StunAttributeType.UNKNOWN_ATTRIBUTES); for (int i = 0; i < count; i++) w.buffer().writeShort(types[i]); w.endAttribute(s); }
}
