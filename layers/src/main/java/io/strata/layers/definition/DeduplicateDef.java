package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Keep the first row per key; a later row with the same key within the bound is dropped and
 * counted.
 */
public record DeduplicateDef(List<String> key, Duration within, Origin origin)
    implements Serializable {}
