package io.strata.tests.lineage;

import io.strata.cli.Pipelines;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.KafkaService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The reference trading pipeline (configs/trading) pointed at this run's own topics on the test
 * broker, with extra HOCON lines appended (e.g. a {@code lineage { }} section).
 */
final class TradingLineageRun {
  static final List<String> SOURCES = List.of("trading.trades", "trading.quotes");
  static final List<String[]> SINKS =
      List.of(
          new String[] {"dwd.trades", "trading.dwd.trades"},
              new String[] {"dwd.quotes", "trading.dwd.quotes"},
          new String[] {"dws.symbol_minute", "trading.dws.symbol_minute"},
              new String[] {"dws.account_minute", "trading.dws.account_minute"});

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final Path dir;
  final LayerGraph graph;

  TradingLineageRun(String extraConfig) throws Exception {
    dir = Files.createTempDirectory("strata-lineage-e2e");
    for (String t : SOURCES) {
      KafkaService.createTopic(topic(t), 1);
    }
    Path reference =
        Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();
    StringBuilder o = new StringBuilder("include file(\"" + reference + "\")\n");
    o.append("connections.kafka.bootstrap-servers = \"")
        .append(KafkaService.bootstrap())
        .append("\"\n");
    for (String[] kv :
        new String[][] {
          {"ods.trades.source.topic", "trading.trades"},
          {"ods.trades.dead-letter.topic", "trading.trades.dlq"},
          {"ods.quotes.source.topic", "trading.quotes"},
          {"ods.quotes.dead-letter.topic", "trading.quotes.dlq"}
        }) {
      o.append(kv[0]).append(" = \"").append(topic(kv[1])).append("\"\n");
    }
    for (String[] s : SINKS) {
      o.append(s[0])
          .append(".sinks = [ { type = kafka, connection = kafka, topic = \"")
          .append(topic(s[1]))
          .append("\" } ]\n");
    }
    o.append(extraConfig).append('\n');
    Path config = dir.resolve("pipeline.conf");
    Files.writeString(config, o);
    graph = Pipelines.load(config);
  }

  String topic(String base) {
    return base + "." + run;
  }
}
