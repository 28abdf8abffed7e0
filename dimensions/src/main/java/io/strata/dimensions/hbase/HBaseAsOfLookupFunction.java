package io.strata.dimensions.hbase;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.hbase.util.HBaseConfigurationUtil;
import org.apache.flink.connector.hbase.util.HBaseSerde;
import org.apache.flink.connector.hbase.util.HBaseTableSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.DataType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;

/**
 * Looks a row key up in HBase and returns, per column, the newest cell written before the as-of
 * moment (one Get with a time range; the table keeps every version of a versioned dimension).
 */
public final class HBaseAsOfLookupFunction extends LookupFunction {
  private static final long serialVersionUID = 1L;

  private final DataType rowType;
  private final String table;
  private final String quorum;
  private final String znode;
  private final long asOfMillis;
  private final long timeoutMillis;
  private transient Connection connection;
  private transient Table hbase;
  private transient HBaseSerde serde;

  HBaseAsOfLookupFunction(
      DataType rowType,
      String table,
      String quorum,
      String znode,
      long asOfMillis,
      long timeoutMillis) {
    this.rowType = rowType;
    this.table = table;
    this.quorum = quorum;
    this.znode = znode;
    this.asOfMillis = asOfMillis;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    Configuration conf = HBaseConfigurationUtil.getHBaseConfiguration();
    conf.set(HConstants.ZOOKEEPER_QUORUM, quorum);
    conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, znode);
    conf.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, 2);
    conf.setLong(HConstants.HBASE_RPC_TIMEOUT_KEY, timeoutMillis);
    conf.setLong(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, timeoutMillis);
    connection = ConnectionFactory.createConnection(conf);
    hbase = connection.getTable(TableName.valueOf(table));
    serde = new HBaseSerde(HBaseTableSchema.fromDataType(rowType), "null");
  }

  @Override
  public Collection<RowData> lookup(RowData keyRow) throws IOException {
    Object key =
        RowData.createFieldGetter(
                ((org.apache.flink.table.types.logical.RowType) rowType.getLogicalType())
                    .getTypeAt(0),
                0)
            .getFieldOrNull(keyRow);
    Get get = key == null ? null : serde.createGet(key);
    if (get == null) {
      return List.of();
    }
    get.setTimeRange(0, asOfMillis);
    Result result = hbase.get(get);
    return result.isEmpty() ? List.of() : List.of(serde.convertToNewRow(result));
  }

  @Override
  public void close() throws Exception {
    if (hbase != null) {
      hbase.close();
    }
    if (connection != null) {
      connection.close();
    }
  }
}
