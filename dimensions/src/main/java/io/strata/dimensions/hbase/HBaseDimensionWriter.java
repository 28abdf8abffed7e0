package io.strata.dimensions.hbase;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionWriter;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.DimensionDef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.hbase.util.HBaseSerde;
import org.apache.flink.connector.hbase.util.HBaseTableSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Puts dimension rows into HBase with the connector's own encoding (HBaseSerde), creating the
 * namespace and table (one family) if missing. A versioned dimension writes each version with its
 * valid-from time as the cell timestamp, and its family keeps every version.
 */
final class HBaseDimensionWriter implements DimensionWriter {
  private final DimensionDef dimension;
  private final Connection connection;
  private final BufferedMutator mutator;
  private final HBaseSerde serde;
  private final DataStructureConverter<Object, Object> converter;
  private final List<ColumnDef> values;
  private final String validFrom;

  HBaseDimensionWriter(DimensionDef d, String quorum, String znode) throws Exception {
    this.dimension = d;
    this.values = HBaseStore.valueColumns(d);
    this.validFrom = DimensionLookupOptions.validFrom(d);
    Configuration conf = HBaseConfiguration.create();
    conf.set(
        HConstants.ZOOKEEPER_QUORUM,
        quorum.contains(":") ? quorum.substring(0, quorum.lastIndexOf(':')) : quorum);
    if (quorum.contains(":")) {
      conf.set(HConstants.ZOOKEEPER_CLIENT_PORT, quorum.substring(quorum.lastIndexOf(':') + 1));
    }
    conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, znode);
    conf.set("hbase.client.retries.number", "3");
    conf.set("zookeeper.recovery.retry", "1");
    this.connection = ConnectionFactory.createConnection(conf);
    TableName table = TableName.valueOf(d.table());
    ensureTable(table);
    this.mutator = connection.getBufferedMutator(table);
    DataType rowType = rowType(d);
    this.serde = new HBaseSerde(HBaseTableSchema.fromDataType(rowType), "null");
    @SuppressWarnings("unchecked")
    DataStructureConverter<Object, Object> c =
        (DataStructureConverter<Object, Object>)
            (DataStructureConverter<?, ?>) DataStructureConverters.getConverter(rowType);
    c.open(HBaseDimensionWriter.class.getClassLoader());
    this.converter = c;
  }

  private static DataType type(ColumnDef c) {
    return TypeConversions.fromLogicalToDataType(
        LogicalTypeParser.parse(c.type(), HBaseDimensionWriter.class.getClassLoader()));
  }

  /** ROW<key, family ROW<values...>>, as the lookup table declares it. */
  static DataType rowType(DimensionDef d) {
    List<DataTypes.Field> familyFields = new ArrayList<>();
    for (ColumnDef c : HBaseStore.valueColumns(d)) {
      familyFields.add(DataTypes.FIELD(c.name(), type(c)));
    }
    ColumnDef key = HBaseStore.keyColumn(d);
    return DataTypes.ROW(
        DataTypes.FIELD(key.name(), type(key)),
        DataTypes.FIELD(
            HBaseStore.family(d), DataTypes.ROW(familyFields.toArray(new DataTypes.Field[0]))));
  }

  private void ensureTable(TableName table) throws Exception {
    try (Admin admin = connection.getAdmin()) {
      String ns = table.getNamespaceAsString();
      if (!NamespaceDescriptor.DEFAULT_NAMESPACE_NAME_STR.equals(ns)) {
        try {
          admin.getNamespaceDescriptor(ns);
        } catch (NamespaceNotFoundException e) {
          admin.createNamespace(NamespaceDescriptor.create(ns).build());
        }
      }
      if (!admin.tableExists(table)) {
        admin.createTable(
            TableDescriptorBuilder.newBuilder(table)
                .setColumnFamily(
                    ColumnFamilyDescriptorBuilder.newBuilder(
                            Bytes.toBytes(HBaseStore.family(dimension)))
                        .setMaxVersions(validFrom == null ? 1 : Integer.MAX_VALUE)
                        .build())
                .build());
      }
    }
  }

  @Override
  public void write(Map<String, Object> row) throws Exception {
    Object[] familyValues = new Object[values.size()];
    for (int i = 0; i < values.size(); i++) {
      familyValues[i] = row.get(values.get(i).name());
    }
    Object key = row.get(dimension.key());
    if (key == null) {
      throw new IllegalArgumentException(
          "a row has no value for the key column '" + dimension.key() + "'");
    }
    RowData data = (RowData) converter.toInternal(Row.of(key, Row.of(familyValues)));
    long timestamp =
        validFrom == null ? HConstants.LATEST_TIMESTAMP : epochMillis(row.get(validFrom));
    Put put = serde.createPutMutation(data, timestamp, null);
    if (put == null) {
      throw new IllegalArgumentException("a row has an empty key '" + key + "'");
    }
    mutator.mutate(put);
  }

  static long epochMillis(Object v) {
    if (v instanceof LocalDate date) {
      return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof LocalDateTime ts) {
      return ts.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    throw new IllegalArgumentException("valid-from needs a DATE or TIMESTAMP value, got " + v);
  }

  @Override
  public void flush() throws Exception {
    mutator.flush();
  }

  @Override
  public String target() {
    return "hbase table " + dimension.table();
  }

  @Override
  public void close() throws Exception {
    try {
      mutator.close();
    } finally {
      connection.close();
    }
  }
}
