package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator uids come from config paths, so an edit to one table keeps the others' state restorable.
 */
class StableOperatorUidsTest {
  private static final Path TRADING =
      Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static Map<String, String> uidsByName(Path config) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobComposer.compose(
        Pipelines.load(config), env, RunOptions.continuous(), new KafkaDeadLetterOutput());
    Map<String, String> out = new HashMap<>();
    for (StreamNode n : env.getStreamGraph(false).getStreamNodes()) {
      out.put(n.getTransformationUID(), n.getOperatorName());
    }
    return out;
  }

  @Test
  void everyOperatorHasAUniqueUidNamedAfterItsTable() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobComposer.compose(
        Pipelines.load(TRADING), env, RunOptions.continuous(), new KafkaDeadLetterOutput());
    List<String> uids =
        env.getStreamGraph(false).getStreamNodes().stream()
            .map(StreamNode::getTransformationUID)
            .toList();
    assertThat(uids).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(uids)
        .allMatch(
            u -> u.matches("(Sink Committer: )?(ods|dwd|dws)\\.[a-z_]+/.*"),
            "uid starts with its table (Flink derives committer uids from ours)");
    assertThat(uids)
        .noneMatch(u -> u.matches(".*\\[\\d+\\].*|.*_\\d+_.*"), "no planner counters in uids");
  }

  @Test
  void addingATableAndEditingAMeasureKeepsEveryOtherTablesUids() throws Exception {
    Map<String, String> before = uidsByName(TRADING);
    Path edited = dir.resolve("edited.conf");
    Files.writeString(
        edited,
        "include file(\""
            + TRADING
            + "\")\n"
            + "dws.account_minute.measures.max_quantity = \"MAX(quantity)\"\n"
            + "dws.symbol_five_minutes { from = dwd.trades, window { type = hop, size = 5min, slide = 1min }, group-by = [symbol], measures { trade_count = \"COUNT(*)\" } }\n");
    Map<String, String> after = uidsByName(edited);
    List<String> untouched =
        before.keySet().stream()
            .filter(u -> !u.startsWith("dws.account_minute/"))
            .collect(Collectors.toList());
    assertThat(untouched).isNotEmpty();
    assertThat(after.keySet()).containsAll(untouched);
    assertThat(after.keySet()).anyMatch(u -> u.startsWith("dws.symbol_five_minutes/"));
  }
}
