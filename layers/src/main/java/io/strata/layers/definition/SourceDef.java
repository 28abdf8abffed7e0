package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.nio.file.Path;

/** Where an ODS table reads from: a Kafka topic in JSON or Avro. */
public record SourceDef(
    String connection,
    String topic,
    String format,
    Path schema,
    String start,
    Origin origin,
    Origin connectionOrigin,
    Origin schemaOrigin)
    implements Serializable {}
