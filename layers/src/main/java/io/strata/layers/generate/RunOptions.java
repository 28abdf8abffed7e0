package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.util.Map;

/**
 * How a composed job is fed and where its results go.
 *
 * @param boundedSources stop each Kafka source at the offsets current when the job starts
 * @param writeSinks attach the configured sinks (off in tests, validation and benchmarks)
 * @param checkpointing enable checkpointing as configured
 * @param givenRecords raw records to read instead of Kafka (config tests), per ODS table
 * @param consumerGroupSuffix appended to consumer group ids (isolates benchmark runs)
 * @param odsSources decoded rows to read instead of Kafka, per ODS table (e.g. the Hive archive)
 * @param batch run in Flink's batch mode: bounded inputs, results computed once over all of them,
 *     nothing is late (the backfill's mode)
 * @param lineage count records on every layer edge ({@link FlowCounter}: metrics in group {@code
 *     strata_table} and accumulators); off, the job has no counting operators and registers no
 *     layer-edge counters (what the lineage benchmark compares against)
 */
public record RunOptions(
    boolean boundedSources,
    boolean writeSinks,
    boolean checkpointing,
    Map<TableRef, java.util.List<byte[]>> givenRecords,
    String consumerGroupSuffix,
    Map<TableRef, OdsRowSource> odsSources,
    boolean batch,
    boolean lineage) {

  public RunOptions(
      boolean boundedSources,
      boolean writeSinks,
      boolean checkpointing,
      Map<TableRef, java.util.List<byte[]>> givenRecords,
      String consumerGroupSuffix,
      Map<TableRef, OdsRowSource> odsSources,
      boolean batch) {
    this(boundedSources, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, odsSources, batch, true);
  }

  public RunOptions(
      boolean boundedSources,
      boolean writeSinks,
      boolean checkpointing,
      Map<TableRef, java.util.List<byte[]>> givenRecords,
      String consumerGroupSuffix) {
    this(boundedSources, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, null, false);
  }

  /** A normal run: unbounded sources, sinks written, checkpoints on. */
  public static RunOptions continuous() {
    return new RunOptions(false, true, true, null, "");
  }

  /** Reads what is in the topics now, writes sinks, then finishes. */
  public static RunOptions untilEndOfTopics() {
    return new RunOptions(true, true, true, null, "");
  }

  /** Reads given records instead of Kafka and writes no sinks. */
  public static RunOptions givenRecords(Map<TableRef, java.util.List<byte[]>> records) {
    return new RunOptions(true, false, false, records, "");
  }

  public RunOptions withoutSinks() {
    return new RunOptions(boundedSources, false, checkpointing, givenRecords, consumerGroupSuffix, odsSources, batch, lineage);
  }

  public RunOptions withConsumerGroupSuffix(String suffix) {
    return new RunOptions(boundedSources, writeSinks, checkpointing, givenRecords, suffix, odsSources, batch, lineage);
  }

  /** Reads these ODS tables from the given sources instead of Kafka. */
  public RunOptions withOdsSources(Map<TableRef, OdsRowSource> sources) {
    return new RunOptions(true, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, sources, batch, lineage);
  }

  /** The same job in Flink's batch mode (bounded inputs, no checkpoints, nothing late). */
  public RunOptions inBatchMode() {
    return new RunOptions(true, writeSinks, false, givenRecords, consumerGroupSuffix, odsSources, true, lineage);
  }

  /** The same job with the layer-edge counters on (the default) or off. */
  public RunOptions withLineage(boolean on) {
    return new RunOptions(boundedSources, writeSinks, checkpointing, givenRecords, consumerGroupSuffix, odsSources, batch, on);
  }

  /** The same job without checkpointing. */
  public RunOptions withoutCheckpointing() {
    return new RunOptions(boundedSources, writeSinks, false, givenRecords, consumerGroupSuffix, odsSources, batch, lineage);
  }
}
