package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** A SQL expression written in a config, with where it was written. */
public record Expr(String sql, Origin origin) implements Serializable {}
