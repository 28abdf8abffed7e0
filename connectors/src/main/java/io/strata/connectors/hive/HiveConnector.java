package io.strata.connectors.hive;

import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import java.util.List;

/** Hive metastore and warehouse (ODS archive for the batch backfill) */
public final class HiveConnector implements ConnectorPlugin {
  static final Option<String> METASTORE =
      Option.string("metastore-uris").required().description("thrift://host:port");
  static final Option<String> WAREHOUSE =
      Option.string("warehouse").description("warehouse directory");
  static final Option<String> DATABASE =
      Option.identifier("database")
          .defaultValue("default")
          .description("database of archive tables");

  @Override
  public String type() {
    return "hive";
  }

  @Override
  public String description() {
    return "Hive metastore and warehouse (ODS archive for the batch backfill)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(METASTORE, WAREHOUSE, DATABASE);
  }

  @Override
  public String sinkUnavailableReason() {
    return "hive connections hold the ODS archive; they are not a sink";
  }
}
