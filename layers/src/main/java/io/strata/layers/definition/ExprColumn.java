package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** An output column computed by a SQL expression. */
public record ExprColumn(String name, String sql, Origin origin) implements Serializable {}
