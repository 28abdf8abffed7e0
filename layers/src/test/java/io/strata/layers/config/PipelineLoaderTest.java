package io.strata.layers.config;

import static io.strata.layers.config.PipelineFiles.TRADES_ODS;
import static io.strata.layers.config.PipelineFiles.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.strata.layers.config.PipelineFiles.Report;
import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding a pipeline file: syntax, keys, types, durations and safe names, each with file:line. */
class PipelineLoaderTest {

  @TempDir Path dir;

  private Report load(String text) {
    return PipelineFiles.load(dir, text);
  }

  private void assertAt(Problem p, String text, String marker) {
    assertThat(p.origin().file()).endsWith("pipeline.conf");
    assertThat(p.origin().line()).as(p.render()).isEqualTo(lineOf(text, marker));
    assertThat(p.origin().toString()).isEqualTo(p.origin().file() + ":" + lineOf(text, marker));
  }

  // ---- unknown keys ----

  @Test
  void suggestsNearMissForUnknownKey() {
    String text =
        """
        pipeline {
          name = demo
          parallelizm = 2
        }
        """;
    Report r = load(text);
    Problem p = r.single("parallelizm");
    assertThat(p.message()).isEqualTo("unknown key 'parallelizm' in 'pipeline'");
    assertThat(p.hint()).isEqualTo("did you mean 'parallelism'?");
    assertAt(p, text, "parallelizm");
    assertThat(r.problems()).hasSize(1);
  }

  @Test
  void suggestsNearMissForUnknownTopLevelAndNestedKeys() {
    String text =
        "pipeline { name = demo }\n"
            + TRADES_ODS.replace("watermark-delay = 5s", "watermark-dely = 5s")
            + """
        dwss {
        }
        """;
    Report r = load(text);
    Problem top = r.single("'dwss'");
    assertThat(top.message()).isEqualTo("unknown key 'dwss' in the top level");
    assertThat(top.hint()).isEqualTo("did you mean 'dws'?");
    assertAt(top, text, "dwss");
    Problem nested = r.single("'watermark-dely'");
    assertThat(nested.message())
        .isEqualTo("unknown key 'watermark-dely' in 'ods.trades.event-time'");
    assertThat(nested.hint()).isEqualTo("did you mean 'watermark-delay'?");
    assertAt(nested, text, "watermark-dely");
  }

  @Test
  void listsTheKnownKeysWhenNoneIsClose() {
    String text =
        """
        pipeline {
          name = demo
          owner = "data-platform"
        }
        """;
    Problem p = load(text).single("owner");
    assertThat(p.hint()).isEqualTo("expected one of: name, time-zone, parallelism, checkpoint");
    assertAt(p, text, "owner");
  }

  // ---- missing required keys ----

  @Test
  void reportsMissingRequiredKeyWithLine() {
    String text = "pipeline { name = demo }\n" + TRADES_ODS.replace("format = json }", "}");
    Report r = load(text);
    Problem p = r.single("missing required key");
    assertThat(p.message()).isEqualTo("missing required key 'format' in 'ods.trades.source'");
    assertThat(p.hint()).isEqualTo("add format = <json | avro> (record format)");
    assertAt(p, text, "source {");
  }

  @Test
  void reportsEveryMissingRequiredKeyOfATable() {
    String text =
        """
        pipeline { name = demo }
        dws {
          minute {
            group-by = [symbol]
          }
        }
        """;
    Report r = load(text);
    assertThat(r.problems())
        .extracting(Problem::message)
        .containsExactlyInAnyOrder(
            "missing required key 'from' in 'dws.minute'",
            "missing required key 'window' in 'dws.minute'",
            "missing required key 'measures' in 'dws.minute'");
    r.problems().forEach(p -> assertAt(p, text, "minute {"));
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.hint()).startsWith("add "));
  }

  @Test
  void reportsMissingPipelineBlock() {
    String text = "dwd { }\n";
    Problem p = load(text).single("missing required key 'pipeline'");
    assertThat(p.message()).isEqualTo("missing required key 'pipeline' in the top level");
    assertThat(p.origin().line()).isEqualTo(1);
  }

  // ---- wrong types ----

  @Test
  void reportsWrongTypesWithLine() {
    String text =
        """
        pipeline {
          name = demo
          parallelism = lots
          checkpoint = every-minute
        }
        ods {
          trades {
            source { connection = kafka, topic = "t.trades", format = xml, start = earlist }
            columns { trade_id = 42, trade_time = "TIMESTAMP_LTZ(3)" }
            event-time = trade_time
            dead-letter { topic = [a, b] }
          }
        }
        dws {
          minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            group-by = symbol
            measures { n = "COUNT(*)" }
          }
        }
        """;
    Report r = load(text);
    assertAt(r.single("parallelism"), text, "lots");
    assertThat(r.single("parallelism").message())
        .isEqualTo("'pipeline.parallelism' must be an integer, got 'lots'");
    assertThat(r.single("checkpoint").message())
        .isEqualTo("'pipeline.checkpoint' must be a block { ... }");
    assertAt(r.single("checkpoint"), text, "every-minute");
    Problem format = r.single("format");
    assertThat(format.message())
        .isEqualTo("'ods.trades.source.format' = 'xml' is not one of json | avro");
    assertThat(format.hint()).isEqualTo("expected one of: json, avro");
    Problem start = r.single("'earlist'");
    assertThat(start.hint()).isEqualTo("did you mean 'earliest'?");
    assertAt(start, text, "earlist");
    Problem column = r.single("trade_id");
    assertThat(column.message())
        .isEqualTo(
            "column 'trade_id' in 'ods.trades.columns' must have a type such as STRING, BIGINT or \"DECIMAL(18, 4)\"");
    assertAt(column, text, "trade_id = 42");
    assertThat(r.single("event-time").message())
        .isEqualTo("'ods.trades.event-time' must be a block { ... }");
    assertThat(r.single("dead-letter").message())
        .isEqualTo("'ods.trades.dead-letter.topic' must be a Kafka topic name, not a list");
    Problem groupBy = r.single("group-by");
    assertThat(groupBy.message()).isEqualTo("'dws.minute.group-by' must be a list, like [a, b]");
    assertAt(groupBy, text, "group-by");
  }

  /**
   * 2.5 is not an integer; the message should say so, not leak Java's NumberFormatException text.
   */
  @Test
  void reportsFractionalIntegerAsWrongType() {
    String text =
        """
        pipeline {
          name = demo
          parallelism = 2.5
        }
        """;
    Problem p = load(text).single("parallelism");
    assertAt(p, text, "2.5");
    assertThat(p.message()).isEqualTo("'pipeline.parallelism' must be an integer, got '2.5'");
  }

  @Test
  void acceptsIntegersWrittenAsWholeNumbersOrStrings() {
    Report r =
        load(
            """
        pipeline { name = demo, parallelism = "4" }
        """);
    assertThat(r.problems()).isEmpty();
    assertThat(r.def().settings().parallelism()).isEqualTo(4);
  }

  // ---- durations ----

  @Test
  void parsesDurationsLikeHocon() {
    com.typesafe.config.Config hocon =
        com.typesafe.config.ConfigFactory.parseString(
            "a = 500ms, b = 10s, c = 10 seconds, d = 1m, e = 7 minutes, f = 2h, g = 3 hours, h = 1d, i = 2 days, j = 1500, k = 0, l = 100 millis, m = 1 second");
    for (String key : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m")) {
      String written = hocon.getValue(key).unwrapped().toString();
      assertThat(Section.parseDuration(written)).as(written).isEqualTo(hocon.getDuration(key));
    }
  }

  @Test
  void acceptsTheShortUnitsUsedInTheDocs() {
    // Typesafe's own getDuration rejects "min" and "sec"; Strata's docs and configs use them.
    assertThat(Section.parseDuration("10min")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Section.parseDuration("5 mins")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Section.parseDuration("30sec")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Section.parseDuration(" 1h ")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    for (String s : List.of("", "soon", "5 secnds", "10S", "-5s", "1.5h", "5s later", "s")) {
      assertThat(Section.parseDuration(s)).as("'" + s + "'").isNull();
    }
  }

  @Test
  void reportsBadDurationWithLineAndHint() {
    String text =
        "pipeline { name = demo }\n"
            + TRADES_ODS.replace("watermark-delay = 5s", "watermark-delay = 5 secnds");
    Problem p = load(text).single("duration");
    assertThat(p.message())
        .isEqualTo("'ods.trades.event-time.watermark-delay' = '5 secnds' is not a duration");
    assertThat(p.hint()).isEqualTo("write it like 500ms, 10s, 5min, 2h or 1d");
    assertAt(p, text, "secnds");
  }

  @Test
  void bindsDurationsWrittenAsNumbersAsMilliseconds() {
    String text =
        "pipeline { name = demo, checkpoint { interval = 1500 } }\n"
            + TRADES_ODS.replace("watermark-delay = 5s", "watermark-delay = 250");
    PipelineDef def = load(text).def();
    assertThat(def.settings().checkpointInterval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(def.ods().get("trades").eventTime().watermarkDelay())
        .isEqualTo(Duration.ofMillis(250));
  }

  /**
   * A huge duration must become a problem at its line, not an ArithmeticException ("long
   * overflow").
   */
  @Test
  void reportsOverflowingDurationAsAProblem() {
    String text =
        "pipeline { name = demo }\n"
            + TRADES_ODS.replace("watermark-delay = 5s", "watermark-delay = 9223372036854775807d");
    Report r = assertDoesNotThrow(() -> load(text));
    Problem p = r.single("watermark-delay");
    assertAt(p, text, "9223372036854775807d");
  }

  // ---- HOCON syntax and substitutions ----

  @Test
  void reportsHoconSyntaxErrorWithLine() {
    String text =
        """
        pipeline {
          name = demo
          parallelism = = 2
        }
        """;
    Report r = load(text);
    assertThat(r.def()).isNull();
    Problem p = r.single("HOCON syntax error");
    assertAt(p, text, "= = 2");
    assertThat(p.message()).startsWith("HOCON syntax error: ").doesNotContain(dir.toString());
  }

  @Test
  void reportsUnclosedStringAtItsLine() {
    String text =
        """
        pipeline { name = demo }
        dwd {
          trades { from = ods.trades, where = "quantity > 0 }
        }
        """;
    Problem p = load(text).single("HOCON syntax error");
    assertAt(p, text, "quantity > 0");
  }

  @Test
  void reportsUnresolvedSubstitutionWithLineAndHint() {
    String text =
        """
        pipeline {
          name = demo
          time-zone = ${STRATA_TEST_UNSET_TIME_ZONE}
        }
        """;
    Report r = load(text);
    Problem p = r.single("Could not resolve substitution");
    assertAt(p, text, "STRATA_TEST_UNSET_TIME_ZONE");
    assertThat(p.hint()).contains("${?ENV_VAR}");
  }

  /**
   * The message is printed after "file:line: "; it should not repeat "/abs/path/pipeline.conf: 3:".
   */
  @Test
  void unresolvedSubstitutionMessageDoesNotRepeatTheOrigin() {
    String text =
        """
        pipeline {
          name = demo
          time-zone = ${STRATA_TEST_UNSET_TIME_ZONE}
        }
        """;
    Problem p = load(text).single("Could not resolve substitution");
    assertThat(p.message()).doesNotContain("pipeline.conf");
  }

  /** One missing variable should not hide every other mistake of the file. */
  @Test
  void reportsUnresolvedSubstitutionTogetherWithOtherProblems() {
    String text =
        """
        pipeline {
          name = demo
          parallelizm = 2
          time-zone = ${STRATA_TEST_UNSET_TIME_ZONE}
        }
        """;
    Report r = load(text);
    assertThat(r.problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("Could not resolve substitution"));
    assertThat(r.problems())
        .extracting(Problem::message)
        .contains("unknown key 'parallelizm' in 'pipeline'");
  }

  @Test
  void optionalSubstitutionFallsBackToTheWrittenValue() {
    Report r =
        load(
            """
        pipeline {
          name = demo
          time-zone = "Europe/London"
          time-zone = ${?STRATA_TEST_UNSET_TIME_ZONE}
        }
        """);
    assertThat(r.problems()).isEmpty();
    assertThat(r.def().settings().timeZone()).isEqualTo("Europe/London");
  }

  @Test
  void reportsMissingFile() {
    Problems problems = new Problems();
    assertThat(PipelineLoader.load(dir.resolve("nope.conf"), problems)).isNull();
    assertThat(problems.sorted())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message()).isEqualTo("pipeline file not found");
              assertThat(p.origin().file()).endsWith("nope.conf");
              assertThat(p.origin().line()).isEqualTo(-1);
            });
  }

  @Test
  void loadWithoutProblemsThrowsWithEveryProblem() {
    Path file =
        PipelineFiles.write(
            dir,
            "pipeline.conf",
            """
        pipeline {
          name = demo
          parallelizm = 2
          paralelism = 3
        }
        """);
    Problems.ConfigInvalidException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Problems.ConfigInvalidException.class, () -> PipelineLoader.load(file));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage())
        .contains(
            "pipeline.conf:3: unknown key 'parallelizm'",
            "pipeline.conf:4: unknown key 'paralelism'",
            "2 problems");
    assertThat(e.getStackTrace()).isEmpty();
  }

  // ---- includes ----

  @Test
  void reportsProblemsOfAnIncludedFileWithThatFilesLine() {
    PipelineFiles.write(
        dir,
        "tables/ods.conf",
        TRADES_ODS.replace("watermark-delay = 5s", "watermark-delay = soon"));
    String text =
        """
        pipeline { name = demo }
        include "tables/ods.conf"
        """;
    Problem p = load(text).single("duration");
    assertThat(p.origin().file()).endsWith("ods.conf");
    assertThat(p.origin().line()).isEqualTo(lineOf(TRADES_ODS, "watermark-delay"));
  }

  @Test
  void resolvesSchemaPathsRelativeToTheFileThatNamesThem() {
    PipelineFiles.write(
        dir,
        "tables/ods.conf",
        TRADES_ODS.replace("format = json", "format = avro, schema = \"schemas/trade.avsc\""));
    PipelineDef def =
        load("""
        pipeline { name = demo }
        include "tables/ods.conf"
        """)
            .def();
    assertThat(def.ods().get("trades").source().schema())
        .isEqualTo(dir.resolve("tables/schemas/trade.avsc").toAbsolutePath().normalize());
  }

  // ---- safe names ----

  @Test
  void rejectsUnsafeTableName() {
    String text =
        """
        pipeline { name = demo }
        dwd {
          "trades; DROP TABLE x" { from = ods.trades }
        }
        """;
    Report r = load(text);
    Problem p = r.single("is not a safe name");
    assertThat(p.message()).isEqualTo("dwd name 'trades; DROP TABLE x' is not a safe name");
    assertThat(p.hint()).isEqualTo(Names.IDENTIFIER_HINT);
    assertAt(p, text, "DROP TABLE");
    assertThat(r.def().dwd()).isEmpty();
  }

  @Test
  void rejectsUnsafeNamesWhereverANameIsWritten() {
    String text =
        """
        pipeline { name = "demo pipeline" }
        ods {
          trades {
            source { connection = kafka, topic = "t.trades", format = json }
            columns {
              "trade_id`, `x" = STRING
              trade_time = "TIMESTAMP_LTZ(3)"
            }
            event-time { column = "trade_time`", watermark-delay = 5s }
            dead-letter { topic = "t.dlq'; --" }
          }
        }
        dimensions {
          "acc-ounts" { store { connection = refdata, table = accounts, key = id }, columns { id = STRING } }
        }
        dwd {
          trades {
            from = ods.trades
            columns { "price)--" = price }
          }
        }
        dws {
          minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            measures { "n n" = "COUNT(*)" }
          }
        }
        """;
    Report r = load(text);
    assertAt(r.single("'pipeline.name'"), text, "demo pipeline");
    assertAt(r.single("column name 'trade_id`"), text, "trade_id`");
    assertAt(r.single("'ods.trades.event-time.column'"), text, "event-time");
    Problem topic = r.single("Kafka topic name");
    assertThat(topic.message())
        .isEqualTo("'ods.trades.dead-letter.topic' = 't.dlq'; --' is not a valid Kafka topic name");
    assertAt(topic, text, "t.dlq");
    assertAt(r.single("dimensions name 'acc-ounts'"), text, "acc-ounts");
    assertAt(r.single("column name 'price)--'"), text, "price)--");
    assertAt(r.single("column name 'n n'"), text, "\"n n\"");
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
  }

  @Test
  void rejectsExpressionsThatAreNotASingleSqlExpression() {
    String text =
        """
        pipeline { name = demo }
        dimensions {
          accounts { store { connection = refdata, table = accounts, key = account_id }, columns { account_id = STRING } }
        }
        dwd {
          trades {
            from = ods.trades
            where = "quantity > 0; DROP TABLE ods__trades"
            join = [ { dimension = accounts, on = "account_id -- keep" } ]
            columns {
              notional = "price * quantity /* no */"
              symbol = "(SELECT MAX(symbol) FROM ods__trades)"
            }
          }
        }
        dws {
          minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            measures { n = "COUNT(*)) FROM x UNION ALL SELECT (1" }
          }
        }
        """;
    Report r = load(text);
    Problem where = r.single("'dwd.trades.where'");
    assertThat(where.message())
        .isEqualTo("'dwd.trades.where' is not a single SQL expression: it contains ';'");
    assertThat(where.hint()).contains("statements, comments and sub-queries are not allowed");
    assertAt(where, text, "DROP TABLE");
    assertAt(r.single("'dwd.trades.join[0].on'"), text, "-- keep");
    assertAt(r.single("'dwd.trades.columns.notional'"), text, "/* no */");
    assertAt(r.single("'dwd.trades.columns.symbol'"), text, "SELECT MAX");
    assertAt(r.single("'dws.minute.measures.n'"), text, "UNION ALL");
    DwdTableDef dwd = r.def().dwd().get("trades");
    assertThat(dwd.where()).isNull();
    assertThat(dwd.columns()).isEmpty();
  }

  @Test
  void rejectsTableReferencesThatAreNotLayerDotTable() {
    String text =
        """
        pipeline { name = demo }
        dwd {
          trades { from = trades }
          quotes { from = "ods.quotes.v2" }
        }
        """;
    Report r = load(text);
    Problem p = r.single("'trades' is not a table reference");
    assertThat(p.hint()).isEqualTo("write layer.table, for example ods.trades or dwd.trades");
    assertAt(p, text, "from = trades");
    assertAt(r.single("'ods.quotes.v2'"), text, "ods.quotes.v2");
  }

  /**
   * Column order is part of a table's contract (Section.ordered sorts entries by line), but entries
   * written on one line keep HOCON's hash order: the trading config's dimensions write their
   * columns that way.
   */
  @Test
  void keepsDeclarationOrderOfColumnsWrittenOnOneLine() {
    String text =
        "pipeline { name = demo }\n"
            + TRADES_ODS
            + """
        dimensions {
          instruments {
            store { connection = hbase, table = "refdata:instruments", key = symbol }
            columns { symbol = STRING, exchange = STRING, currency = STRING, lot_size = INT }
          }
        }
        dwd {
          trades {
            from = ods.trades
            columns { trade_id = trade_id, notional = "price * quantity", trade_time = trade_time }
          }
        }
        """;
    PipelineDef def = load(text).def();
    assertThat(def.dimensions().get("instruments").columns())
        .extracting(c -> c.name())
        .containsExactly("symbol", "exchange", "currency", "lot_size");
    assertThat(def.dwd().get("trades").columns())
        .extracting(c -> c.name())
        .containsExactly("trade_id", "notional", "trade_time");
  }

  // ---- settings, windows, sections ----

  @Test
  void checksPipelineSettings() {
    String text =
        """
        pipeline {
          name = demo
          time-zone = "Mars/Olympus"
          parallelism = 0
          checkpoint { interval = 5ms, mode = exactly_once }
        }
        """;
    Report r = load(text);
    Problem tz = r.single("time zone");
    assertThat(tz.message()).isEqualTo("unknown time zone 'Mars/Olympus'");
    assertAt(tz, text, "Mars");
    assertAt(r.single("parallelism must be at least 1"), text, "parallelism = 0");
    assertAt(r.single("checkpoint interval must be at least 10ms"), text, "5ms");
    Problem mode = r.single("'pipeline.checkpoint.mode'");
    assertThat(mode.hint()).isEqualTo("did you mean 'exactly-once'?");
    assertThat(r.problems()).hasSize(4);
  }

  @Test
  void checksWindowShapes() {
    String text =
        """
        pipeline { name = demo }
        dws {
          a { from = dwd.t, measures { n = "COUNT(*)" }, window { type = hop, size = 1min } }
          b { from = dwd.t, measures { n = "COUNT(*)" }, window { type = cumulate, size = 1h } }
          c { from = dwd.t, measures { n = "COUNT(*)" }, window { type = tumble, size = 1min, slide = 10s } }
          d { from = dwd.t, measures { n = "COUNT(*)" }, window { type = hop, size = 1min, step = 10s, slide = 7s } }
          e { from = dwd.t, measures { n = "COUNT(*)" }, window { type = tumble, size = 0s } }
          f { from = dwd.t, measures { n = "COUNT(*)" }, window { type = slide, size = 1min } }
        }
        """;
    Report r = load(text);
    assertAt(r.single("a hop window needs a slide"), text, "  a { from");
    assertAt(r.single("a cumulate window needs a step"), text, "  b { from");
    assertAt(r.single("slide applies only to hop windows"), text, "  c { from");
    assertAt(r.single("step applies only to cumulate windows"), text, "  d { from");
    Problem multiple = r.single("must be a positive multiple of its slide");
    assertThat(multiple.message())
        .isEqualTo("window size 60000ms must be a positive multiple of its slide");
    assertAt(multiple, text, "  d { from");
    assertAt(r.single("window size must be positive"), text, "  e { from");
    Problem type = r.single("'dws.f.window.type'");
    assertThat(type.message())
        .isEqualTo("'dws.f.window.type' = 'slide' is not one of tumble | hop | cumulate");
    assertThat(r.problems()).hasSize(7);
  }

  @Test
  void bindsWindowsAndMeasures() {
    String text =
        """
        pipeline { name = demo }
        dws {
          m {
            from = dwd.trades
            window { type = hop, size = 1h, slide = 5min }
            group-by = [symbol, side]
            measures { n = "COUNT(*)", volume = "SUM(quantity)" }
            late { topic = "t.late" }
          }
        }
        """;
    Report r = load(text);
    assertThat(r.problems()).isEmpty();
    DwsTableDef m = r.def().dws().get("m");
    assertThat(m.window().type()).isEqualTo("hop");
    assertThat(m.window().size()).isEqualTo(Duration.ofHours(1));
    assertThat(m.window().slide()).isEqualTo(Duration.ofMinutes(5));
    assertThat(m.window().origin().line()).isEqualTo(lineOf(text, "window {"));
    assertThat(m.groupBy()).containsExactly("symbol", "side");
    assertThat(m.groupByOrigin().line()).isEqualTo(lineOf(text, "group-by"));
    assertThat(m.measures())
        .extracting(e -> e.name() + "=" + e.sql())
        .containsExactlyInAnyOrder("n=COUNT(*)", "volume=SUM(quantity)");
    assertThat(m.late().topic()).isEqualTo("t.late");
    assertThat(m.from().text()).isEqualTo("dwd.trades");
    assertThat(m.from().origin().line()).isEqualTo(lineOf(text, "from = dwd.trades"));
  }

  @Test
  void checksDeduplicationMeasuresBackfillAndTests() {
    String text =
        """
        pipeline { name = demo }
        dwd {
          t { from = ods.trades, deduplicate { key = [], within = 10min } }
        }
        dws {
          m { from = dwd.t, window { type = tumble, size = 1min }, measures { } }
        }
        backfill { schedule = "every night", max-correction = "five percent" }
        tests {
          case {
            given { trades = [ { a = 1 } ] }
            expect { "dws.m" = [ 1, 2 ] }
          }
        }
        """;
    Report r = load(text);
    assertAt(r.single("deduplicate key must name at least one column"), text, "key = []");
    assertAt(r.single("'dws.m.measures' is empty"), text, "measures { }");
    assertAt(r.single("is not a 5-field cron expression"), text, "every night");
    assertAt(r.single("is not a percentage"), text, "five percent");
    Problem given = r.single("'trades' in 'tests.case.given' is not a table reference");
    assertThat(given.hint()).contains("\"ods.trades\"");
    assertAt(given, text, "given {");
    assertThat(r.problems())
        .extracting(Problem::message)
        .filteredOn(m -> m.contains("must be objects"))
        .hasSize(2);
  }

  @Test
  void bindsTestRowsAndTheirOrigins() {
    String text =
        """
        pipeline { name = demo }
        tests {
          case {
            given { "ods.trades" = [ { trade_id = t1, quantity = 10 } ] }
            expect {
              "dwd.trades" = [ { trade_id = t1 } ]
            }
          }
        }
        """;
    Report r = load(text);
    assertThat(r.problems()).isEmpty();
    var test = r.def().tests().get("case");
    var ods = io.strata.layers.definition.TableRef.parse("ods.trades");
    var dwd = io.strata.layers.definition.TableRef.parse("dwd.trades");
    assertThat(test.given().get(ods))
        .containsExactly(java.util.Map.of("trade_id", "t1", "quantity", 10));
    assertThat(test.expectOrigins().get(dwd).line()).isEqualTo(lineOf(text, "\"dwd.trades\""));
  }

  @Test
  void readsTestRowsFromJsonLinesFilesAndReportsBadLines() {
    PipelineFiles.write(dir, "rows.jsonl", "{\"trade_id\": \"t1\"}\n\nnot json\n");
    String text =
        """
        pipeline { name = demo }
        tests {
          case {
            given { "ods.trades" = "rows.jsonl" }
            expect { "dwd.trades" = [] }
          }
        }
        """;
    Report r = load(text);
    assertThat(r.def().tests().get("case").given().values().iterator().next()).hasSize(1);
    Problem p = r.single("not a JSON object");
    assertThat(p.origin().file()).endsWith("rows.jsonl");
    assertThat(p.origin().line()).isEqualTo(3);
  }

  @Test
  void reportsEveryProblemAtOnceSortedByLine() {
    String text =
        """
        pipeline {
          name = demo
          parallelizm = 2
          checkpoint { interval = soon }
        }
        ods {
          trades {
            source { connection = kafka, topic = "t.trades", format = json, start = earlist }
            columns { trade_id = STRING, "bad name" = STRING, trade_time = "TIMESTAMP_LTZ(3)" }
            event-time { column = trade_time, watermark-delay = 5 secnds }
          }
        }
        dwd {
          trades { from = ods.trades, where = "a > 0; b", deduplicate { key = [trade_id] } }
        }
        """;
    Report r = load(text);
    assertThat(r.problems())
        .extracting(p -> p.origin().line())
        .containsExactly(
            lineOf(text, "parallelizm"),
            lineOf(text, "interval = soon"),
            lineOf(text, "trades {"),
            lineOf(text, "earlist"),
            lineOf(text, "bad name"),
            lineOf(text, "secnds"),
            lineOf(text, "a > 0; b"),
            lineOf(text, "a > 0; b"));
    assertThat(r.problems())
        .extracting(Problem::message)
        .containsExactly(
            "unknown key 'parallelizm' in 'pipeline'",
            "'pipeline.checkpoint.interval' = 'soon' is not a duration",
            "missing required key 'dead-letter' in 'ods.trades'",
            "'ods.trades.source.start' = 'earlist' is not one of earliest | latest | group-offsets",
            "column name 'bad name' in 'ods.trades.columns' is not a safe name",
            "'ods.trades.event-time.watermark-delay' = '5 secnds' is not a duration",
            "'dwd.trades.where' is not a single SQL expression: it contains ';'",
            "missing required key 'within' in 'dwd.trades.deduplicate'");
  }

  @Test
  void bindsAValidFileWithoutProblems() {
    String text =
        "pipeline { name = demo, time-zone = \"Asia/Shanghai\", parallelism = 2 }\n"
            + TRADES_ODS
            + """
        dwd {
          trades {
            from = ods.trades
            where = "quantity > 0"
            deduplicate { key = [trade_id], within = 10min }
            columns {
              trade_id = trade_id
              notional = "price * quantity"
              trade_time = trade_time
            }
          }
        }
        """;
    Report r = load(text);
    assertThat(r.problems()).isEmpty();
    PipelineDef def = r.def();
    assertThat(def.settings().name()).isEqualTo("demo");
    assertThat(def.settings().timeZone()).isEqualTo("Asia/Shanghai");
    assertThat(def.settings().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(def.settings().checkpointMode()).isEqualTo("exactly-once");
    OdsTableDef ods = def.ods().get("trades");
    assertThat(ods.source().start()).isEqualTo("group-offsets");
    assertThat(ods.columns())
        .extracting(c -> c.name())
        .containsExactly(
            "trade_id", "account_id", "symbol", "side", "price", "quantity", "trade_time");
    assertThat(ods.columns().get(4).type()).isEqualTo("DECIMAL(18, 4)");
    DwdTableDef dwd = def.dwd().get("trades");
    assertThat(dwd.where().sql()).isEqualTo("quantity > 0");
    assertThat(dwd.where().origin().line()).isEqualTo(lineOf(text, "where"));
    assertThat(dwd.deduplicate().within()).isEqualTo(Duration.ofMinutes(10));
    assertThat(dwd.columns())
        .extracting(c -> c.name())
        .containsExactly("trade_id", "notional", "trade_time");
  }
}
