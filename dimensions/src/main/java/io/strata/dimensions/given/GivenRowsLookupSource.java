package io.strata.dimensions.given;

import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.types.DataType;

/** A lookup-only table over rows held in its options. */
final class GivenRowsLookupSource implements LookupTableSource {
  private final DataType rowType;
  private final String rows;

  GivenRowsLookupSource(DataType rowType, String rows) {
    this.rowType = rowType;
    this.rows = rows;
  }

  @Override
  public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
    int[][] keys = context.getKeys();
    int[] fields = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].length != 1) {
        throw new UnsupportedOperationException(
            "given dimension rows are looked up by top-level columns only");
      }
      fields[i] = keys[i][0];
    }
    return LookupFunctionProvider.of(new GivenRowsLookupFunction(rowType, rows, fields));
  }

  @Override
  public DynamicTableSource copy() {
    return new GivenRowsLookupSource(rowType, rows);
  }

  @Override
  public String asSummaryString() {
    return GivenRowsLookupFactory.IDENTIFIER;
  }
}
