package io.edgeway.signaling.model;

import java.util.List;

/**
 * One page of a list.
 *
 * @param start 0-based index of the first item in the whole list
 * @param total items in the whole list
 */
public record Page<T>(List<T> items, long start, long total) {
}
