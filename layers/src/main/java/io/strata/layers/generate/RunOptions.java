package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.time.LocalDate;
import java.util.List;
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
 * @param givenDimensionRows rows to look dimensions up in instead of their stores (config tests),
 *     per dimension name, values as text; when set, a dimension without rows finds nothing
 * @param sampleLast when positive, each Kafka source reads only the newest {@code sampleLast}
 *     records of each partition, then stops ({@code strata sample})
 * @param lineage count records on every layer edge ({@link FlowCounter}: metrics in group {@code
 *     strata_table} and accumulators); off, the job has no counting operators and registers no
 *     layer-edge counters (what the lineage benchmark compares against)
 * @param dimensionsAsOf look versioned dimensions up as of this day (the version in force at the
 *     end of the day, see docs/dimensions.md) instead of their current version; null: current
 *     (streaming)
 */
public record RunOptions(
    boolean boundedSources,
    boolean writeSinks,
    boolean checkpointing,
    Map<TableRef, List<byte[]>> givenRecords,
    String consumerGroupSuffix,
    Map<TableRef, OdsRowSource> odsSources,
    boolean batch,
    Map<String, List<Map<String, String>>> givenDimensionRows,
    long sampleLast,
    boolean lineage,
    LocalDate dimensionsAsOf) {

  public RunOptions(
      boolean boundedSources,
      boolean writeSinks,
      boolean checkpointing,
      Map<TableRef, List<byte[]>> givenRecords,
      String consumerGroupSuffix) {
    this(
        boundedSources,
        writeSinks,
        checkpointing,
        givenRecords,
        consumerGroupSuffix,
        null,
        false,
        null,
        0,
        true,
        null);
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
  public static RunOptions givenRecords(Map<TableRef, List<byte[]>> records) {
    return new RunOptions(true, false, false, records, "");
  }

  /**
   * Reads the newest {@code records} of each partition of each topic, writes no sinks, then stops.
   */
  public static RunOptions sampleOfTopics(long records) {
    return new Edit(untilEndOfTopics())
        .writeSinks(false)
        .checkpointing(false)
        .sampleLast(records)
        .done();
  }

  public RunOptions withoutSinks() {
    return new Edit(this).writeSinks(false).done();
  }

  public RunOptions withConsumerGroupSuffix(String suffix) {
    return new Edit(this).consumerGroupSuffix(suffix).done();
  }

  /** Reads these ODS tables from the given sources instead of Kafka. */
  public RunOptions withOdsSources(Map<TableRef, OdsRowSource> sources) {
    return new Edit(this).boundedSources(true).odsSources(sources).done();
  }

  /** The same job in Flink's batch mode (bounded inputs, no checkpoints, nothing late). */
  public RunOptions inBatchMode() {
    return new Edit(this).boundedSources(true).checkpointing(false).batch(true).done();
  }

  /** Looks dimensions up in these rows instead of their stores (config tests). */
  public RunOptions withGivenDimensionRows(Map<String, List<Map<String, String>>> rows) {
    return new Edit(this).givenDimensionRows(rows).done();
  }

  /** The same job with the layer-edge counters on (the default) or off. */
  public RunOptions withLineage(boolean on) {
    return new Edit(this).lineage(on).done();
  }

  /** The same job without checkpointing. */
  public RunOptions withoutCheckpointing() {
    return new Edit(this).checkpointing(false).done();
  }

  /** Versioned dimensions are looked up as of {@code day} (the backfill of that day). */
  public RunOptions withDimensionsAsOf(LocalDate day) {
    return new Edit(this).dimensionsAsOf(day).done();
  }

  /** A copy with some components changed: one place that lists them all. */
  private static final class Edit {
    private boolean boundedSources;
    private boolean writeSinks;
    private boolean checkpointing;
    private final Map<TableRef, List<byte[]>> givenRecords;
    private String consumerGroupSuffix;
    private Map<TableRef, OdsRowSource> odsSources;
    private boolean batch;
    private Map<String, List<Map<String, String>>> givenDimensionRows;
    private long sampleLast;
    private boolean lineage;
    private LocalDate dimensionsAsOf;

    Edit(RunOptions o) {
      boundedSources = o.boundedSources;
      writeSinks = o.writeSinks;
      checkpointing = o.checkpointing;
      givenRecords = o.givenRecords;
      consumerGroupSuffix = o.consumerGroupSuffix;
      odsSources = o.odsSources;
      batch = o.batch;
      givenDimensionRows = o.givenDimensionRows;
      sampleLast = o.sampleLast;
      lineage = o.lineage;
      dimensionsAsOf = o.dimensionsAsOf;
    }

    Edit boundedSources(boolean v) {
      boundedSources = v;
      return this;
    }

    Edit writeSinks(boolean v) {
      writeSinks = v;
      return this;
    }

    Edit checkpointing(boolean v) {
      checkpointing = v;
      return this;
    }

    Edit consumerGroupSuffix(String v) {
      consumerGroupSuffix = v;
      return this;
    }

    Edit odsSources(Map<TableRef, OdsRowSource> v) {
      odsSources = v;
      return this;
    }

    Edit batch(boolean v) {
      batch = v;
      return this;
    }

    Edit givenDimensionRows(Map<String, List<Map<String, String>>> v) {
      givenDimensionRows = v;
      return this;
    }

    Edit sampleLast(long v) {
      sampleLast = v;
      return this;
    }

    Edit lineage(boolean v) {
      lineage = v;
      return this;
    }

    Edit dimensionsAsOf(LocalDate v) {
      dimensionsAsOf = v;
      return this;
    }

    RunOptions done() {
      return new RunOptions(
          boundedSources,
          writeSinks,
          checkpointing,
          givenRecords,
          consumerGroupSuffix,
          odsSources,
          batch,
          givenDimensionRows,
          sampleLast,
          lineage,
          dimensionsAsOf);
    }
  }
}
