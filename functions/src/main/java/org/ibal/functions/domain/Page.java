package org.ibal.functions.domain;

import java.util.List;

/** One page of a newest-first listing; {@code nextCursor} is opaque and null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
