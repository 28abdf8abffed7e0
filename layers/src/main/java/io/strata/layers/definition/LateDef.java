package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Where records that arrive after their window closed go. */
public record LateDef(String topic, Origin origin) implements Serializable {}
