/** Buffer helpers for the per-packet paths: nothing here allocates. */
package io.edgeway.core.buffer;
