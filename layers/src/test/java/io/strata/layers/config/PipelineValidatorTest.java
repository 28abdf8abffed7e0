package io.strata.layers.config;

import static io.strata.layers.config.PipelineFiles.TRADES_ODS;
import static io.strata.layers.config.PipelineFiles.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.PipelineFiles.Report;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References, cycles, types and event time, checked after binding; each problem with file:line. */
class PipelineValidatorTest {

  @TempDir Path dir;

  private static final String HEAD = "pipeline { name = demo }\n" + TRADES_ODS;

  private Report validate(String text) {
    return PipelineFiles.validate(dir, text);
  }

  private void assertAt(Problem p, String text, String marker) {
    assertThat(p.origin().file()).endsWith("pipeline.conf");
    assertThat(p.origin().line()).as(p.render()).isEqualTo(lineOf(text, marker));
  }

  @Test
  void aConsistentPipelineHasNoProblemsButItsConnection() {
    String text =
        HEAD
            + """
        dwd {
          trades {
            from = ods.trades
            deduplicate { key = [trade_id], within = 10min }
            columns { trade_id = trade_id, symbol = symbol, quantity = quantity, trade_time = trade_time }
          }
        }
        dws {
          minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            group-by = [symbol]
            measures { n = "COUNT(*)" }
          }
        }
        """;
    Report r = validate(text);
    assertThat(r.relevant()).as(r.render()).isEmpty();
    // Without connector plugins on the class path, the source's connection is the one problem.
    Problem c = r.single("unknown connection 'kafka'");
    assertAt(c, text, "connection = kafka");
    assertThat(c.hint()).isEqualTo("define it under connections { kafka { type = kafka, ... } }");
  }

  @Test
  void detectsCycleBetweenDwdTables() {
    String text =
        HEAD
            + """
        dwd {
          a { from = dwd.b }
          b { from = dwd.a }
        }
        """;
    Report r = validate(text);
    Problem p = r.single("cycle");
    assertThat(p.message())
        .isIn(
            "tables form a cycle: dwd.a -> dwd.b -> dwd.a",
            "tables form a cycle: dwd.b -> dwd.a -> dwd.b");
    assertThat(p.hint())
        .isEqualTo("a table cannot read from itself through other tables; break the cycle");
    assertThat(p.origin().line()).isIn(lineOf(text, "a { from"), lineOf(text, "b { from"));
    assertThat(r.relevant()).hasSize(1);
  }

  @Test
  void detectsATableReadingItself() {
    String text =
        HEAD
            + """
        dwd {
          loop { from = dwd.loop }
        }
        """;
    Problem p = validate(text).single("cycle");
    assertThat(p.message()).isEqualTo("tables form a cycle: dwd.loop -> dwd.loop");
    assertAt(p, text, "loop {");
  }

  @Test
  void detectsLongerCyclesOnce() {
    String text =
        HEAD
            + """
        dwd {
          a { from = dwd.c }
          b { from = dwd.a }
          c { from = dwd.b }
          d { from = dwd.c }
        }
        """;
    Report r = validate(text);
    assertThat(r.single("cycle").message())
        .contains("dwd.a", "dwd.b", "dwd.c")
        .doesNotContain("dwd.d");
  }

  @Test
  void rejectsWindowOnTableWithoutEventTime() {
    String text =
        HEAD
            + """
        dwd {
          snapshots {
            from = ods.trades
            columns { symbol = symbol, traded_at = "CAST(trade_time AS STRING)" }
          }
        }
        dws {
          minute {
            from = dwd.snapshots
            window { type = tumble, size = 1min }
            group-by = [symbol]
            measures { n = "COUNT(*)" }
          }
        }
        """;
    Report r = validate(text);
    Problem p = r.single("has a window");
    assertThat(p.message())
        .isEqualTo("dws.minute has a window, but dwd.snapshots has no event time");
    assertThat(p.hint())
        .contains("event-time { column, watermark-delay }", "dwd.snapshots.columns");
    assertAt(p, text, "window {");
    assertThat(r.relevant()).hasSize(1);
  }

  @Test
  void rejectsWindowWhenTheOdsTableDeclaresNoEventTime() {
    String text =
        HEAD.replace("event-time { column = trade_time, watermark-delay = 5s }", "")
            + """
        dwd { trades { from = ods.trades } }
        dws {
          minute { from = dwd.trades, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
        }
        """;
    Report r = validate(text);
    assertAt(r.single("has a window"), text, "minute {");
  }

  /**
   * An unrelated cycle elsewhere in the file must not hide this problem ("every problem at once").
   */
  @Test
  void rejectsWindowOnTableWithoutEventTimeEvenWhenAnotherPartHasACycle() {
    String text =
        HEAD
            + """
        dwd {
          snapshots {
            from = ods.trades
            columns { symbol = symbol, traded_at = "CAST(trade_time AS STRING)" }
          }
          a { from = dwd.b }
          b { from = dwd.a }
        }
        dws {
          minute {
            from = dwd.snapshots
            window { type = tumble, size = 1min }
            measures { n = "COUNT(*)" }
          }
        }
        """;
    Report r = validate(text);
    assertThat(r.has("cycle")).isTrue();
    assertAt(r.single("has a window"), text, "window {");
  }

  @Test
  void keepsEventTimeThroughPlainAndQuotedReferences() {
    String text =
        HEAD
            + """
        dwd {
          plain { from = ods.trades, columns { symbol = symbol, at = trade_time } }
          quoted { from = ods.trades, columns { symbol = symbol, trade_time = "`trade_time`" } }
          everything { from = ods.trades }
        }
        dws {
          a { from = dwd.plain, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
          b { from = dwd.quoted, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
          c { from = dwd.everything, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
        }
        """;
    Report r = validate(text);
    assertThat(r.relevant()).as(r.render()).isEmpty();
  }

  @Test
  void reportsReferencesToUndefinedTables() {
    String text =
        HEAD
            + """
        dwd {
          trades { from = ods.trade }
          cleaned { from = dws.minute }
        }
        dws {
          minute { from = dwd.trade, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
          raw { from = ods.trades, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
        }
        """;
    Report r = validate(text);
    Problem odsRef = r.single("reads ods.trade,");
    assertThat(odsRef.message()).isEqualTo("dwd.trades reads ods.trade, which is not defined");
    assertThat(odsRef.hint()).isEqualTo("did you mean 'ods.trades'?");
    assertAt(odsRef, text, "from = ods.trade }");
    Problem dwdRef = r.single("reads dwd.trade,");
    assertThat(dwdRef.hint()).isEqualTo("did you mean 'dwd.trades'?");
    assertAt(dwdRef, text, "from = dwd.trade,");
    Problem upward = r.single("dwd.cleaned reads dws.minute");
    // The layers come from Set.of(...), whose iteration order changes from one JVM run to the next.
    assertThat(upward.message())
        .isIn(
            "dwd.cleaned reads dws.minute, but may only read from ods or dwd tables",
            "dwd.cleaned reads dws.minute, but may only read from dwd or ods tables");
    Problem skip = r.single("dws.raw reads ods.trades");
    assertThat(skip.message())
        .isEqualTo("dws.raw reads ods.trades, but may only read from dwd tables");
    assertThat(r.relevant()).hasSize(4);
  }

  @Test
  void suggestsDefiningAnUndefinedTableWhenNothingIsClose() {
    String text =
        HEAD
            + """
        dwd { payments { from = ods.payments_raw } }
        """;
    assertThat(validate(text).single("ods.payments_raw").hint())
        .isEqualTo("define ods.payments_raw or fix the reference");
  }

  @Test
  void reportsUndefinedColumnsWithNearMiss() {
    String text =
        HEAD
            + """
        dwd {
          trades {
            from = ods.trades
            deduplicate { key = [trade_idd], within = 10min }
          }
        }
        dws {
          minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            group-by = [symbl, side]
            measures { n = "COUNT(*)" }
          }
        }
        """;
    Report r = validate(text);
    Problem key = r.single("deduplicate key");
    assertThat(key.message())
        .isEqualTo("deduplicate key 'trade_idd' is not a column of ods.trades");
    assertThat(key.hint()).isEqualTo("did you mean 'trade_id'?");
    assertAt(key, text, "trade_idd");
    Problem group = r.single("group-by column");
    assertThat(group.message()).isEqualTo("group-by column 'symbl' is not a column of dwd.trades");
    assertThat(group.hint()).isEqualTo("did you mean 'symbol'?");
    assertAt(group, text, "symbl");
    assertThat(r.relevant()).hasSize(2);
  }

  @Test
  void groupByChecksTheColumnsTheDwdTableDeclares() {
    String text =
        HEAD
            + """
        dwd { trades { from = ods.trades, columns { symbol = symbol, trade_time = trade_time } } }
        dws {
          minute { from = dwd.trades, window { type = tumble, size = 1min }, group-by = [side], measures { n = "COUNT(*)" } }
        }
        """;
    assertThat(validate(text).single("group-by column").message())
        .isEqualTo("group-by column 'side' is not a column of dwd.trades");
  }

  @Test
  void reportsUndefinedDimensionWithNearMiss() {
    String text =
        HEAD
            + """
        dimensions {
          accounts { store { connection = refdata, table = accounts, key = account_id }, columns { account_id = STRING, desk = STRING } }
        }
        dwd {
          trades {
            from = ods.trades
            join = [ { dimension = account, on = account_id } ]
          }
        }
        """;
    Problem p = validate(text).single("unknown dimension");
    assertThat(p.message()).isEqualTo("unknown dimension 'account' in dwd.trades.join");
    assertThat(p.hint()).isEqualTo("did you mean 'accounts'?");
    assertAt(p, text, "dimension = account");
  }

  @Test
  void reportsDimensionKeyThatIsNotAColumn() {
    String text =
        HEAD
            + """
        dimensions {
          accounts {
            store { connection = refdata, table = accounts, key = acount_id }
            columns { account_id = STRING, desk = STRING }
          }
        }
        """;
    Problem p = validate(text).single("key 'acount_id'");
    assertThat(p.message()).isEqualTo("key 'acount_id' is not a column of dimensions.accounts");
    assertThat(p.hint()).isEqualTo("did you mean 'account_id'?");
    assertAt(p, text, "store {");
  }

  @Test
  void connectionTypesComeFromPlugins() {
    // No connector plugin is on this module's class path: every type is unknown here.
    String text = "pipeline { name = demo }\nconnections {\n  kafka { type = kafka }\n}\n";
    Problem p = validate(text).single("unknown connection type");
    assertThat(p.message()).isEqualTo("unknown connection type 'kafka'");
    assertAt(p, text, "type = kafka");
  }

  @Test
  void reportsInvalidColumnTypesAndEventTimeProblems() {
    String text =
        """
        pipeline { name = demo }
        ods {
          trades {
            source { connection = kafka, topic = "t.trades", format = json }
            columns {
              trade_id = "STRING NOT NULL"
              price = "DECIMAL(18, 4"
              quantity2 = BIGINT
              trade_time = BIGINT
            }
            event-time { column = trade_time, watermark-delay = 5s }
            dead-letter { topic = "t.dlq" }
          }
          quotes {
            source { connection = kafka, topic = "t.quotes", format = json }
            columns { symbol = STRING, quote_time = "TIMESTAMP(3)", symbol = BIGINT }
            event-time { column = quote_tme }
            dead-letter { topic = "t.dlq" }
          }
        }
        """;
    Report r = validate(text);
    Problem price = r.single("'price'");
    assertThat(price.message()).startsWith("column 'price' has an invalid type 'DECIMAL(18, 4': ");
    assertThat(price.hint()).contains("DECIMAL(18, 4)");
    assertAt(price, text, "DECIMAL(18, 4\"");
    Problem eventType = r.single("event-time column 'trade_time'");
    assertThat(eventType.message())
        .isEqualTo(
            "event-time column 'trade_time' has type BIGINT; it must be TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
    assertAt(eventType, text, "column = trade_time");
    Problem missing = r.single("event-time column 'quote_tme'");
    assertThat(missing.message())
        .isEqualTo("event-time column 'quote_tme' is not a column of ods.quotes");
    assertThat(missing.hint()).isEqualTo("did you mean 'quote_time'?");
  }

  /**
   * Flink's type parser reads an unknown word as an unresolved user-defined type instead of
   * failing, so a typo such as BIGNIT passes this check (the ODS module later says "UNRESOLVED is
   * not supported", without naming BIGINT).
   */
  @Test
  void reportsMisspelledColumnType() {
    String text =
        "pipeline { name = demo }\n" + TRADES_ODS.replace("quantity = BIGINT", "quantity = BIGNIT");
    Problem p = validate(text).single("'quantity'");
    assertAt(p, text, "BIGNIT");
    assertThat(p.message()).contains("BIGNIT");
  }

  @Test
  void rejectsEventTimeWithMoreThanMillisecondPrecision() {
    String text =
        "pipeline { name = demo }\n"
            + TRADES_ODS.replace(
                "trade_time = \"TIMESTAMP_LTZ(3) NOT NULL\"", "trade_time = \"TIMESTAMP_LTZ(6)\"");
    assertThat(validate(text).single("event-time column").message())
        .contains("TIMESTAMP_LTZ(6)", "must be TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
  }

  @Test
  void dedupNeedsEventTime() {
    String text =
        HEAD.replace("event-time { column = trade_time, watermark-delay = 5s }", "")
            + """
        dwd { trades { from = ods.trades, deduplicate { key = [trade_id], within = 10min } } }
        """;
    Problem p = validate(text).single("deduplicates within an event-time span");
    assertThat(p.message())
        .isEqualTo(
            "dwd.trades deduplicates within an event-time span, but ods.trades has no event time");
    assertAt(p, text, "deduplicate {");
  }

  @Test
  void reportsMeasureClashingWithGroupByOrWindowColumns() {
    String text =
        HEAD
            + """
        dwd { trades { from = ods.trades } }
        dws {
          minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            group-by = [symbol]
            measures {
              symbol = "MAX(symbol)"
              window_end = "MAX(trade_time)"
            }
          }
        }
        """;
    Report r = validate(text);
    assertAt(r.single("measure 'symbol' clashes"), text, "symbol = \"MAX");
    assertAt(r.single("measure 'window_end' clashes"), text, "window_end =");
  }

  @Test
  void reportsLateRecordsWithNowhereToGo() {
    String text =
        HEAD.replace("dead-letter { topic = \"t.trades.dlq\" }", "")
            + """
        dwd { trades { from = ods.trades } }
        dws {
          minute { from = dwd.trades, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" } }
          with_late { from = dwd.trades, window { type = tumble, size = 1min }, measures { n = "COUNT(*)" }, late { topic = "t.late" } }
        }
        """;
    Report r = validate(text);
    Problem p = r.single("late records");
    assertThat(p.message()).isEqualTo("late records of dws.minute have nowhere to go");
    assertAt(p, text, "minute {");
  }

  @Test
  void checksTheTablesAndColumnsNamedByTests() {
    String text =
        HEAD
            + """
        dwd { trades { from = ods.trades, columns { trade_id = trade_id, trade_time = trade_time } } }
        tests {
          case {
            given {
              "ods.trade" = [ { trade_id = t1 } ]
              "dwd.trades" = [ { trade_id = t1 } ]
              "dimensions.acounts" = [ { account_id = a1 } ]
            }
            expect {
              "dwd.trades" = [ { trade_id = t1, trade_tme = "2026-01-01T00:00:00Z" } ]
              "dws.nothing" = [ ]
            }
          }
        }
        """;
    Report r = validate(text);
    Problem given = r.single("given names ods.trade,");
    assertThat(given.hint()).isEqualTo("did you mean 'trades'?");
    assertThat(r.single("given names dwd.trades").message())
        .isEqualTo(
            "tests.case.given names dwd.trades; tests give rows to ODS tables and dimensions");
    assertThat(r.single("given names dimensions.acounts").message())
        .isEqualTo("tests.case.given names dimensions.acounts, which is not a defined dimension");
    Problem column = r.single("'trade_tme'");
    assertThat(column.message())
        .isEqualTo("tests.case.expect: 'trade_tme' is not a column of dwd.trades");
    assertThat(column.hint()).isEqualTo("did you mean 'trade_time'?");
    assertAt(column, text, "trade_tme");
    assertAt(r.single("dws.nothing"), text, "dws.nothing");
  }

  @Test
  void reportsEveryReferenceProblemAtOnce() {
    String text =
        HEAD
            + """
        dimensions {
          accounts { store { connection = refdata, table = accounts, key = account_id }, columns { account_id = STRING } }
        }
        dwd {
          trades {
            from = ods.trades
            deduplicate { key = [trade_idd], within = 10min }
            join = [ { dimension = acounts, on = account_id } ]
          }
          quotes { from = ods.quote }
          a { from = dwd.b }
          b { from = dwd.a }
        }
        dws {
          minute { from = dwd.trades, window { type = tumble, size = 1min }, group-by = [symbl], measures { n = "COUNT(*)" } }
        }
        """;
    Report r = validate(text);
    assertThat(r.relevant())
        .extracting(p -> p.origin().line())
        .containsExactlyInAnyOrder(
            lineOf(text, "trade_idd"),
            lineOf(text, "dimension = acounts"),
            lineOf(text, "ods.quote }"),
            r.single("cycle").origin().line(),
            lineOf(text, "symbl"));
  }
}
