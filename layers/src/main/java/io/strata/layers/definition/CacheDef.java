package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.time.Duration;

/** Lookup cache bounds of a dimension. */
public record CacheDef(long maxRows, Duration ttl, Origin origin) implements Serializable {}
