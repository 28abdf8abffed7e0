package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** A declared column: name and Flink SQL type (for example {@code DECIMAL(18, 4)}). */
public record ColumnDef(String name, String type, Origin origin) implements Serializable {}
