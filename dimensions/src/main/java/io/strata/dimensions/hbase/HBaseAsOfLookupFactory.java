package io.strata.dimensions.hbase;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Flink factory of lookup tables that read a versioned HBase dimension as of a moment: each key's
 * newest cell older than {@link #AS_OF} (cells carry their row's valid-from as their timestamp).
 * Flink's own HBase lookup always reads the newest cell, so the backfill of a past day uses this.
 */
public final class HBaseAsOfLookupFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "strata-hbase-as-of";

  static final ConfigOption<String> TABLE =
      ConfigOptions.key("table-name").stringType().noDefaultValue().withDescription("HBase table");
  static final ConfigOption<String> QUORUM =
      ConfigOptions.key("zookeeper.quorum")
          .stringType()
          .noDefaultValue()
          .withDescription("ZooKeeper quorum");
  static final ConfigOption<String> ZNODE =
      ConfigOptions.key("zookeeper.znode.parent")
          .stringType()
          .defaultValue("/hbase")
          .withDescription("HBase znode");
  static final ConfigOption<Long> AS_OF =
      ConfigOptions.key("as-of-millis")
          .longType()
          .noDefaultValue()
          .withDescription(
              "cells with a timestamp below this (epoch ms, exclusive) are read; the newest of them wins");
  static final ConfigOption<Long> TIMEOUT =
      ConfigOptions.key("timeout-millis")
          .longType()
          .defaultValue(10_000L)
          .withDescription("HBase operation timeout");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(TABLE, QUORUM, AS_OF);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(ZNODE, TIMEOUT);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    var o = helper.getOptions();
    return new HBaseAsOfLookupSource(
        context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType(),
        o.get(TABLE),
        o.get(QUORUM),
        o.get(ZNODE),
        o.get(AS_OF),
        o.get(TIMEOUT));
  }
}
