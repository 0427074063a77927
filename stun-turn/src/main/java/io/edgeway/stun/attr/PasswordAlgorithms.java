package io.edgeway.stun.attr;
import io.edgeway.stun.codec.*;
public final class PasswordAlgorithms {
    public static final int MD5 = 1, SHA256 = 2;
}
