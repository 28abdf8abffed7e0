package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** Where records that arrive after their window closed go. */
public record LateDef(String topic, Origin origin) implements Serializable {}
