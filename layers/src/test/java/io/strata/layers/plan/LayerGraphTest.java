package io.strata.layers.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.PipelineFiles;
import io.strata.layers.definition.TableRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerGraphTest {

  @TempDir Path dir;

  private static TableRef t(String text) {
    return TableRef.parse(text);
  }

  /** Tables declared downstream-first, so that graph order cannot come from declaration order. */
  private static final String PIPELINE =
      """
      pipeline { name = demo }
      dws {
        account_minute {
          from = dwd.trades
          window { type = tumble, size = 1min }
          group-by = [account_id]
          measures { n = "COUNT(*)", volume = "SUM(quantity)" }
        }
        symbol_minute {
          from = dwd.enriched
          window { type = hop, size = 5min, slide = 1min }
          group-by = [symbol, side]
          measures { notional = "SUM(notional)" }
        }
      }
      dwd {
        enriched {
          from = dwd.trades
          columns {
            symbol = symbol
            side = side
            notional = "price * quantity"
            event_at = "`trade_time`"
          }
        }
        trades {
          from = ods.trades
          where = "quantity > 0"
        }
        quotes {
          from = ods.quotes
          columns {
            symbol = symbol
            mid = "(bid + ask) / 2"
            quote_time = "CAST(quote_time AS TIMESTAMP_LTZ(3))"
          }
        }
      }
      ods {
        quotes {
          source { connection = kafka, topic = "t.quotes", format = json }
          columns { symbol = STRING, bid = DOUBLE, ask = DOUBLE, quote_time = "TIMESTAMP_LTZ(3)" }
          event-time { column = quote_time }
          dead-letter { topic = "t.dlq" }
        }
        trades {
          source { connection = kafka, topic = "t.trades", format = json }
          columns {
            trade_id = STRING
            account_id = STRING
            symbol = STRING
            side = STRING
            price = DOUBLE
            quantity = BIGINT
            trade_time = "TIMESTAMP_LTZ(3)"
          }
          event-time { column = trade_time }
          dead-letter { topic = "t.dlq" }
        }
      }
      """;

  private LayerGraph graph(String text) {
    return PipelineFiles.load(dir, text).graphOrBuild();
  }

  @Test
  void ordersEveryTableAfterWhatItReads() {
    LayerGraph g = graph(PIPELINE);
    List<TableRef> order = g.order();
    assertThat(order)
        .containsExactlyInAnyOrder(
            t("ods.trades"),
            t("ods.quotes"),
            t("dwd.trades"),
            t("dwd.enriched"),
            t("dwd.quotes"),
            t("dws.account_minute"),
            t("dws.symbol_minute"));
    for (TableRef table : order) {
      for (TableRef upstream : g.upstreamOf(table)) {
        assertThat(order.indexOf(upstream))
            .as(upstream + " before " + table)
            .isLessThan(order.indexOf(table));
      }
    }
    assertThat(g.cycles()).isEmpty();
  }

  @Test
  void knowsUpstreamAndDownstream() {
    LayerGraph g = graph(PIPELINE);
    assertThat(g.upstreamOf(t("dwd.enriched"))).containsExactly(t("dwd.trades"));
    assertThat(g.upstreamOf(t("ods.trades"))).isEmpty();
    assertThat(g.downstreamOf(t("dwd.trades")))
        .containsExactlyInAnyOrder(t("dwd.enriched"), t("dws.account_minute"));
    assertThat(g.downstreamOf(t("dws.symbol_minute"))).isEmpty();
    assertThat(g.upstreamOf(t("dwd.nothing"))).isEmpty();
  }

  @Test
  void rootsAreTheOdsTablesATableUltimatelyReads() {
    LayerGraph g = graph(PIPELINE);
    assertThat(g.rootsOf(t("dws.symbol_minute"))).containsExactly(t("ods.trades"));
    assertThat(g.rootsOf(t("dwd.quotes"))).containsExactly(t("ods.quotes"));
    assertThat(g.rootsOf(t("ods.trades"))).containsExactly(t("ods.trades"));
  }

  @Test
  void columnsOfEachLayer() {
    LayerGraph g = graph(PIPELINE);
    assertThat(g.columnsOf(t("ods.trades")))
        .containsExactly(
            "trade_id", "account_id", "symbol", "side", "price", "quantity", "trade_time");
    // a DWD table without columns passes every upstream column through
    assertThat(g.columnsOf(t("dwd.trades")))
        .containsExactly(
            "trade_id", "account_id", "symbol", "side", "price", "quantity", "trade_time");
    assertThat(g.columnsOf(t("dwd.enriched")))
        .containsExactly("symbol", "side", "notional", "event_at");
    assertThat(g.columnsOf(t("dws.symbol_minute")))
        .containsExactly("window_start", "window_end", "symbol", "side", "notional");
    assertThat(g.columnsOf(t("dws.account_minute")))
        .startsWith("window_start", "window_end", "account_id")
        .hasSize(5);
    assertThat(g.columnsOf(t("dws.nothing"))).isNull();
    assertThat(g.columnsOf(t("dimensions.accounts"))).isNull();
  }

  @Test
  void eventTimeOfEachLayer() {
    LayerGraph g = graph(PIPELINE);
    assertThat(g.eventTimeOf(t("ods.trades"))).isEqualTo("trade_time");
    // passed through unchanged (all columns)
    assertThat(g.eventTimeOf(t("dwd.trades"))).isEqualTo("trade_time");
    // passed through as a quoted reference under a new name
    assertThat(g.eventTimeOf(t("dwd.enriched"))).isEqualTo("event_at");
    // computed from the event time: no longer an event-time attribute
    assertThat(g.eventTimeOf(t("dwd.quotes"))).isNull();
    // DWS tables are windowed results
    assertThat(g.eventTimeOf(t("dws.symbol_minute"))).isNull();
    assertThat(g.eventTimeOf(t("ods.nothing"))).isNull();
  }

  @Test
  void cyclesAreFoundAndLeaveColumnsAndEventTimeUnknown() {
    LayerGraph g =
        graph(
            """
        pipeline { name = demo }
        dwd {
          a { from = dwd.b }
          b { from = dwd.c }
          c { from = dwd.a }
        }
        """);
    assertThat(g.cycles()).hasSize(1);
    List<TableRef> cycle = g.cycles().get(0);
    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
    assertThat(cycle).hasSize(4).contains(t("dwd.a"), t("dwd.b"), t("dwd.c"));
    assertThat(g.order()).containsExactlyInAnyOrder(t("dwd.a"), t("dwd.b"), t("dwd.c"));
    assertThat(g.columnsOf(t("dwd.a"))).isNull();
    assertThat(g.eventTimeOf(t("dwd.a"))).isNull();
    assertThat(g.rootsOf(t("dwd.a"))).isEmpty();
  }

  @Test
  void referencesToUndefinedTablesAreNotEdges() {
    LayerGraph g =
        graph(
            """
        pipeline { name = demo }
        dwd { trades { from = ods.trades } }
        """);
    assertThat(g.upstreamOf(t("dwd.trades"))).isEmpty();
    assertThat(g.order()).containsExactly(t("dwd.trades"));
    assertThat(g.columnsOf(t("dwd.trades"))).isNull();
  }
}
