package io.strata.backfill;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.OdsRowSource;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/** An ODS table's rows for one event day, read from its Hive archive partition (bounded). */
final class ArchiveRowSource implements OdsRowSource {
  private final transient HiveArchive archive;
  private final String day;

  ArchiveRowSource(HiveArchive archive, String day) {
    this.archive = archive;
    this.day = day;
  }

  @Override
  public DataStream<Row> rows(JobContext context, TableRef table, TypeInformation<Row> rowType) {
    archive.register(context.tableEnv());
    DataStream<Row> archived =
        context.tableEnv().toDataStream(context.tableEnv().sqlQuery(archive.selectDaySql(day)));
    return archived
        .map(new ArchiveRows.FromArchive(archive.table().columns().size(), archive.ltzColumns()))
        .returns(rowType)
        .name(table + "/archive-read")
        .uid(table + "/archive-read");
  }

  @Override
  public String toString() {
    return "Hive archive "
        + archive.qualifiedName()
        + " partition "
        + archive.partitionColumn()
        + "='"
        + day
        + "'";
  }
}
