package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.util.List;

/**
 * An ODS table: raw events from Kafka with declared columns, event time and a dead-letter topic.
 */
public record OdsTableDef(
    String name,
    SourceDef source,
    List<ColumnDef> columns,
    EventTimeDef eventTime,
    DeadLetterDef deadLetter,
    ArchiveDef archive,
    Origin origin)
    implements Serializable {

  public TableRef ref() {
    return new TableRef(Layer.ODS, name);
  }
}
