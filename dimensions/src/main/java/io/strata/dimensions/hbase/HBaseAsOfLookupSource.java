package io.strata.dimensions.hbase;

import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.types.DataType;

/** A lookup-only HBase table read as of a moment, by row key. */
final class HBaseAsOfLookupSource implements LookupTableSource {
  private final DataType rowType;
  private final String table;
  private final String quorum;
  private final String znode;
  private final long asOfMillis;
  private final long timeoutMillis;

  HBaseAsOfLookupSource(
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
  public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
    int[][] keys = context.getKeys();
    if (keys.length != 1 || keys[0].length != 1 || keys[0][0] != 0) {
      throw new UnsupportedOperationException(
          "an HBase dimension is looked up by its row key only");
    }
    return LookupFunctionProvider.of(
        new HBaseAsOfLookupFunction(rowType, table, quorum, znode, asOfMillis, timeoutMillis));
  }

  @Override
  public DynamicTableSource copy() {
    return new HBaseAsOfLookupSource(rowType, table, quorum, znode, asOfMillis, timeoutMillis);
  }

  @Override
  public String asSummaryString() {
    return HBaseAsOfLookupFactory.IDENTIFIER;
  }
}
