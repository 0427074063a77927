package io.edgeway.signaling.app;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * coturn's {@code external-ip}: the public address advertised in XOR-RELAYED-ADDRESS, alone
 * ({@code PUBLIC}) or for one private relay address ({@code PUBLIC/PRIVATE}).
 *
 * @param publicAddress  advertised to clients
 * @param privateAddress the relay address it stands for; null for the PUBLIC-only form
 */
public record ExternalIp(InetAddress publicAddress, InetAddress privateAddress) {

    static ExternalIp parse(String raw) {
        int slash = raw.indexOf('/');
        if (slash < 0) {
            return new ExternalIp(IpLiterals.parse(raw), null);
        }
        InetAddress pub = IpLiterals.parse(raw.substring(0, slash).trim());
        InetAddress priv = IpLiterals.parse(raw.substring(slash + 1).trim());
        if ((pub instanceof Inet4Address) != (priv instanceof Inet4Address)) {
            throw new IllegalArgumentException("public and private address must be the same family (\"" + raw + "\")");
        }
        return new ExternalIp(pub, priv);
    }

    /** True for the IPv4 family. */
    boolean isIpv4() {
        return publicAddress instanceof Inet4Address;
    }

    /** coturn's syntax, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return IpLiterals.format(publicAddress) + (privateAddress == null ? "" : "/" + IpLiterals.format(privateAddress));
    }
}
