package io.strata.connectors.clickhouse;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;

/**
 * A Flink Sink (V2) that writes rows into a ClickHouse ReplacingMergeTree table over HTTP, at least
 * once: every checkpoint waits until all rows before it are in ClickHouse. With the table's
 * deterministic version column this is effectively once (see {@link ClickHouseTableSpec}).
 */
public final class ClickHouseSink implements Sink<RowData> {
  private final ClickHouseSinkSettings settings;

  public ClickHouseSink(ClickHouseSinkSettings settings) {
    this.settings = settings;
  }

  public ClickHouseSinkSettings settings() {
    return settings;
  }

  @Override
  public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
    return new ClickHouseSinkWriter(settings, context);
  }

  /** Flink 1.20 still declares this; the runtime calls {@link #createWriter(WriterInitContext)}. */
  @Override
  @Deprecated
  public SinkWriter<RowData> createWriter(Sink.InitContext context) {
    throw new UnsupportedOperationException("use createWriter(WriterInitContext)");
  }
}
