package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** Where an ODS table is archived for the batch backfill. */
public record ArchiveDef(String connection, String table, String partition, Origin origin)
    implements Serializable {}
