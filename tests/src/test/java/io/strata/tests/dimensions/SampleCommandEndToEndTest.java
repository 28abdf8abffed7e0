package io.strata.tests.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.KafkaService;
import io.strata.tests.support.StrataCliRun;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * `strata sample`: the newest records of a real topic through the real job, with real HBase and
 * MariaDB lookups; the output shows exactly those records decoded, enriched from the stores' rows,
 * the unreadable one and the unknown instrument dead-lettered with their reasons, and the flow
 * counts. Nothing older than the sample is read and nothing is written to the sink topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class SampleCommandEndToEndTest {
  private DimensionTestPipeline pipeline;

  @BeforeAll
  void loadDimensionsAndOrders() throws Exception {
    pipeline = new DimensionTestPipeline();
    LayerGraph graph = pipeline.load();
    pipeline.loadDimension(graph, "instruments", "instruments.csv");
    pipeline.loadDimension(graph, "accounts", "accounts.jsonl");
    pipeline.createTopics();
    List<byte[]> records = new ArrayList<>();
    Instant t = Instant.parse("2026-11-23T09:30:00Z");
    for (int i = 0; i < 50; i++) {
      records.add(order("old-" + i, "AAPL", "ACC-0001", 10, t.plusSeconds(i)));
    }
    records.add(order("s1", "MSFT", "ACC-0002", 100, t.plusSeconds(60)));
    records.add(order("s2", "AAPL", "ACC-9999", 300, t.plusSeconds(61)));
    records.add(order("s3", "ZZZZ", "ACC-0001", 5, t.plusSeconds(62)));
    records.add("{\"order_id\": \"s4\", \"quantity\": \"many\"".getBytes(StandardCharsets.UTF_8));
    records.add(order("s5", "AAPL", "ACC-0001", 0, t.plusSeconds(63)));
    KafkaService.produce(pipeline.ordersTopic, records);
  }

  @AfterAll
  void cleanUp() {
    if (pipeline != null) {
      pipeline.cleanUp();
    }
  }

  @Test
  void showsTheNewestRecordsInAndTheEnrichedRowsOut() throws Exception {
    StrataCliRun.Result cli =
        StrataCliRun.run(
            "sample",
            pipeline.dir.resolve("pipeline.conf").toString(),
            "dwd.enriched",
            "--last",
            "5");
    String out = cli.out();
    assertThat(cli.exit()).as(cli.err() + out).isZero();

    String in = section(out, "== in: ods.orders");
    assertThat(in).contains("4 rows"); // 5 newest records, one unreadable
    assertThat(in)
        .contains("order_id=s1", "order_id=s2", "order_id=s3", "order_id=s5")
        .doesNotContain("old-");

    String enriched = section(out, "== out: dwd.enriched");
    assertThat(enriched).contains("2 rows");
    // MSFT's lot size in HBase is 50: 100 / 50 = 2 lots; ACC-0002 is the wealth desk in MariaDB
    assertThat(line(enriched, "order_id=s1"))
        .contains("exchange=NASDAQ", "lots=2", "desk=wealth", "region=APAC");
    assertThat(line(enriched, "order_id=s2")).contains("lots=3", "desk=null");

    String dead = section(out, "== dead letters");
    assertThat(dead).contains("dead letters: 2");
    assertThat(dead).contains("ods.orders undecodable (" + pipeline.ordersTopic + "/0@53)");
    assertThat(dead).contains("dwd.enriched missing_dimension").contains("instruments");

    assertThat(section(out, "== flow")).contains("every edge balances");
    assertThat(KafkaService.readAll(pipeline.enrichedTopic, java.time.Duration.ofSeconds(2)))
        .as("no sink written")
        .isEmpty();
  }

  @Test
  void refusesATableThePipelineDoesNotHave() {
    StrataCliRun.Result cli =
        StrataCliRun.run("sample", pipeline.dir.resolve("pipeline.conf").toString(), "dwd.enrichd");
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("dwd.enrichd is not a table", "dwd.enriched");
  }

  private static byte[] order(
      String id, String symbol, String account, long quantity, Instant time) {
    return new Orders.Order(id, symbol, account, quantity, time).json();
  }

  private static String section(String out, String head) {
    int i = out.indexOf(head);
    assertThat(i).as(out).isNotNegative();
    int j = out.indexOf("\n== ", i + 1);
    return j < 0 ? out.substring(i) : out.substring(i, j);
  }

  private static String line(String text, String containing) {
    return text.lines()
        .filter(l -> l.contains(containing + ","))
        .findFirst()
        .orElseThrow(() -> new AssertionError(containing + " not in\n" + text));
  }
}
