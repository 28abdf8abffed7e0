package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/**
 * A dimension lookup: which dimension, the probe expression, and what to do when the key is
 * missing.
 */
public record JoinDef(String dimension, String on, String missing, Origin origin)
    implements Serializable {}
