package io.strata.tests.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.Pipelines;
import io.strata.dimensions.load.DimensionLoader;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.HBaseService;
import io.strata.tests.support.KafkaService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A versioned HBase dimension (every version a cell stamped with its valid-from) joined in Flink's
 * batch mode as of a day, as the backfill does: each day sees the version in force at its end,
 * never a later one, against a real standalone HBase.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class HBaseAsOfLookupEndToEndTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private LayerGraph graph;

  @BeforeAll
  void loadVersions() throws Exception {
    Path dir = Files.createTempDirectory("strata-hbase-asof");
    String config =
        """
        pipeline { name = asof_%s, parallelism = 1 }
        connections {
          kafka { type = kafka, bootstrap-servers = "%s" }
          hbase { type = hbase, zookeeper-quorum = "%s" }
        }
        ods.orders {
          source { connection = kafka, topic = "asof.orders.%s", format = json }
          columns { order_id = "STRING NOT NULL", symbol = STRING, order_time = "TIMESTAMP_LTZ(3) NOT NULL" }
          event-time { column = order_time, watermark-delay = 1s }
          dead-letter { topic = "asof.orders.dlq.%s" }
        }
        dimensions.instruments {
          store { connection = hbase, table = "strata_test:asof_%s", key = symbol, column-family = d, valid-from = valid_from }
          columns { symbol = STRING, exchange = STRING, valid_from = DATE }
        }
        dwd.enriched {
          from = ods.orders
          join = [ { dimension = instruments, on = symbol, missing = keep } ]
          columns { order_id = order_id, exchange = instruments.exchange }
        }
        """
            .formatted(
                run, KafkaService.bootstrap(), HBaseService.zookeeperQuorum(), run, run, run);
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, config);
    graph = Pipelines.load(file);
    Path versions = dir.resolve("instruments.csv");
    Files.writeString(
        versions,
        """
        symbol,exchange,valid_from
        AAPL,NYSE,2026-01-01
        AAPL,NASDAQ,2026-11-23
        AAPL,IEX,2026-11-25
        MSFT,NASDAQ,2026-01-01
        """);
    assertThat(DimensionLoader.load(graph.pipeline(), "instruments", versions).rows()).isEqualTo(4);
  }

  @Test
  void eachDaySeesTheVersionInForceAtItsEnd() throws Exception {
    assertThat(exchangesAsOf("2026-11-22")).containsExactlyEntriesOf(expected("NYSE"));
    assertThat(exchangesAsOf("2026-11-23")).containsExactlyEntriesOf(expected("NASDAQ"));
    assertThat(exchangesAsOf("2026-11-24")).containsExactlyEntriesOf(expected("NASDAQ"));
    assertThat(exchangesAsOf("2026-11-25")).containsExactlyEntriesOf(expected("IEX"));
  }

  private static Map<String, String> expected(String aapl) {
    Map<String, String> out = new TreeMap<>();
    out.put("o1", aapl);
    out.put("o2", "NASDAQ");
    out.put("o3", "null");
    return out;
  }

  private Map<String, String> exchangesAsOf(String day) throws Exception {
    List<byte[]> orders = new ArrayList<>();
    for (String[] o : new String[][] {{"o1", "AAPL"}, {"o2", "MSFT"}, {"o3", "NOPE"}}) {
      orders.add(
          ("{\"order_id\": \""
                  + o[0]
                  + "\", \"symbol\": \""
                  + o[1]
                  + "\", \"order_time\": \""
                  + day
                  + "T12:00:00Z\"}")
              .getBytes(StandardCharsets.UTF_8));
    }
    TableRef odsOrders = TableRef.parse("ods.orders");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    RunOptions options =
        RunOptions.givenRecords(Map.of(odsOrders, orders))
            .inBatchMode()
            .withDimensionsAsOf(LocalDate.parse(day));
    JobContext ctx = JobComposer.compose(graph, env, options, Pipelines.discardDeadLetters());
    CloseableIterator<Row> rows =
        ctx.stream(TableRef.parse("dwd.enriched")).stream().collectAsync();
    env.execute("hbase-as-of-" + day);
    Map<String, String> out = new TreeMap<>();
    try (rows) {
      rows.forEachRemaining(r -> out.put((String) r.getField(0), String.valueOf(r.getField(1))));
    }
    return out;
  }
}
