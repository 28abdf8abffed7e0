package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.time.Duration;

/**
 * Event time of an ODS table: its column and how late records may arrive before the watermark
 * passes.
 */
public record EventTimeDef(String column, Duration watermarkDelay, Origin origin)
    implements Serializable {}
