package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/**
 * Supplies an ODS table's rows, already decoded into its declared columns (Flink's default external
 * types), from somewhere other than its Kafka topic: the Hive archive in a backfill, for example.
 * The rest of the job is generated exactly as for Kafka.
 */
public interface OdsRowSource extends Serializable {
  DataStream<Row> rows(JobContext context, TableRef table, TypeInformation<Row> rowType);
}
