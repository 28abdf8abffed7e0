package io.strata.lineage;

import io.strata.layers.config.PipelineLoader;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.plan.LayerGraph;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The small shop pipeline of the unit tests, and counts for it. */
public final class TestPipelines {
  private TestPipelines() {}

  /**
   * ods.orders -> dwd.orders (where, dedup, kafka sink 0) -> dws.customer_minute (kafka sink 0).
   */
  public static LayerGraph shop() {
    try {
      Path file = Path.of(TestPipelines.class.getResource("flow-pipeline.conf").toURI());
      // Connection types are unknown without the connectors module; the graph is all we need.
      PipelineDef def = PipelineLoader.load(file, new Problems());
      return LayerGraph.of(def);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts builder: {@code counts("ods.orders", "read", 10, "out", 9)}. */
  public static Map<String, Map<String, Long>> counts(Object... tableThenPairs) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    String table = null;
    for (int i = 0; i < tableThenPairs.length; ) {
      if (tableThenPairs[i] instanceof String s && s.contains(".")) {
        table = s;
        i++;
        continue;
      }
      out.computeIfAbsent(table, k -> new TreeMap<>())
          .put((String) tableThenPairs[i], ((Number) tableThenPairs[i + 1]).longValue());
      i += 2;
    }
    return out;
  }

  /**
   * Counts of a run where every edge balances: 100 read, 5 dead letters, 10 filtered, 5 duplicates,
   * 3 late.
   */
  public static Map<String, Map<String, Long>> balanced() {
    return counts(
        "ods.orders",
        "read",
        100,
        "out",
        95,
        "dead_lettered",
        5,
        "dwd.orders",
        "out",
        80,
        "filtered",
        10,
        "deduplicated",
        5,
        "dws.customer_minute",
        "windowed",
        77,
        "late",
        3,
        "out",
        12);
  }
}
