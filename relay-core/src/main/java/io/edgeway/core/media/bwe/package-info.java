/**
 * Send-side bandwidth estimation toward each subscriber (Google congestion control,
 * draft-ietf-rmcat-gcc-02) from its transport-wide feedback: delay-based detection, AIMD rate control,
 * a loss-based limit and probing. {@link io.edgeway.core.media.bwe.BandwidthEstimator} assembles the parts;
 * each is a small sans-I/O unit confined to the media loop, tested in virtual time against a simulated path.
 */
package io.edgeway.core.media.bwe;
