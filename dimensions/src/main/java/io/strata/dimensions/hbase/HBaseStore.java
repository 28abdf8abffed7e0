package io.strata.dimensions.hbase;

import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import java.util.List;

/** HBase as a dimension store: row key = the dimension key, qualifiers of one family = columns. */
public final class HBaseStore implements ConnectorPlugin {
  static final Option<String> QUORUM = Option.string("zookeeper-quorum").required().description("host:port of ZooKeeper");
  static final Option<String> ZNODE = Option.string("znode-parent").defaultValue("/hbase").description("HBase root znode");
  static final Option<String> FAMILY = Option.string("column-family").defaultValue("d").description("column family holding the dimension columns");

  @Override
  public String type() {
    return "hbase";
  }

  @Override
  public String description() {
    return "Apache HBase (dimension tables)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(QUORUM, ZNODE);
  }

  @Override
  public List<Option<?>> dimensionStoreOptions() {
    return List.of(FAMILY);
  }

  @Override
  public String dimensionStoreUnavailableReason() {
    return null;
  }
}
