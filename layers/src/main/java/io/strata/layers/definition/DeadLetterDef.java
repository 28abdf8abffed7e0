package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** Where records that cannot be read go, with their reason. */
public record DeadLetterDef(String topic, Origin origin) implements Serializable {}
