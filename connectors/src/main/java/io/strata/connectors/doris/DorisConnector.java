package io.strata.connectors.doris;

import io.strata.layers.config.Option;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.SinkTranslator;
import java.util.List;

/**
 * Apache Doris through Stream Load with two-phase commit on checkpoints, into Unique Key tables
 * (rows are upserted by the layer's key, so a replay after a restore replaces, never adds).
 */
public final class DorisConnector implements ConnectorPlugin {
  static final Option<String> FE_NODES =
      Option.string("fe-nodes")
          .required()
          .description("frontend HTTP host:port list, e.g. 127.0.0.1:8030");
  static final Option<String> JDBC_URL =
      Option.string("jdbc-url")
          .description("MySQL-protocol URL of the frontend (not needed by the sink)");
  static final Option<String> DATABASE =
      Option.identifier("database").required().description("database of the tables");
  static final Option<String> USERNAME =
      Option.string("username").defaultValue("root").description("user");
  static final Option<String> PASSWORD =
      Option.string("password").secret().description("password; use ${?ENV_VAR}");

  static final Option<String> TABLE =
      Option.identifier("table")
          .description("Doris table written (default <layer>_<table>, e.g. dwd_trades)");
  static final Option<Integer> BUCKETS =
      Option.integer("buckets")
          .defaultValue(1)
          .description("hash buckets when strata creates the table");
  static final Option<Integer> REPLICATION =
      Option.integer("replication-num")
          .defaultValue(1)
          .description("replicas when strata creates the table");
  static final Option<String> LABEL_PREFIX =
      Option.string("label-prefix")
          .description(
              "stream load label prefix; default strata_<pipeline>_<layer>_<table>_<sink index>_<run>, see docs/doris.md");
  static final Option<Integer> MAX_RETRIES =
      Option.integer("max-retries")
          .defaultValue(3)
          .description("retries of a failed stream load or commit");

  @Override
  public String type() {
    return "doris";
  }

  @Override
  public String description() {
    return "Apache Doris through Stream Load with two-phase commit (Unique Key tables)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(FE_NODES, JDBC_URL, DATABASE, USERNAME, PASSWORD);
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(TABLE, BUCKETS, REPLICATION, LABEL_PREFIX, MAX_RETRIES);
  }

  @Override
  public String sinkUnavailableReason() {
    return null;
  }

  @Override
  public void validateSink(SinkDef sink, ConnectionDef connection, Problems problems) {
    String prefix = sink.option(LABEL_PREFIX.key());
    if (prefix != null && !prefix.matches("[-_A-Za-z0-9:]{1,64}")) {
      problems.add(
          sink.origin(),
          "label-prefix '"
              + prefix
              + "' must be 1-64 characters of letters, digits, '-', '_' and ':' (Doris's label rule)",
          null);
    }
    String buckets = sink.option(BUCKETS.key());
    if (buckets != null && !buckets.matches("[1-9][0-9]{0,3}")) {
      problems.add(sink.origin(), "buckets must be a number from 1 to 9999, got " + buckets, null);
    }
  }

  @Override
  public SinkTranslator sinkTranslator() {
    return new DorisSinkTranslator();
  }
}
