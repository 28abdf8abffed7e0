package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.layers.config.Problem;
import io.strata.layers.config.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `strata validate`: a file with many mistakes gets every one reported as file:line with a hint,
 * exit code 1 and no stack trace; the reference config is valid. SQL-level checks (Flink's parser
 * and planner) are tested one by one through {@link Pipelines#load}.
 */
class ValidateCommandTest {

  static final Path EXAMPLES = CliRun.ROOT.resolve("configs/examples");
  static final Path BROKEN = EXAMPLES.resolve("broken.conf");

  /** A `# MISTAKE kind: ...` marker in broken.conf or a file it includes. */
  record Mistake(String kind, String file, int line) {
    @Override
    public String toString() {
      return kind + " at " + file + ":" + line;
    }
  }

  /**
   * What each kind of planted mistake must be reported as: message fragment, hint fragment (or
   * null).
   */
  static final Map<String, String[]> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(
        "unknown-key",
        new String[] {"unknown key 'parallelizm' in 'pipeline'", "did you mean 'parallelism'?"});
    EXPECTED.put(
        "undefined-connection",
        new String[] {"unknown connection 'kafak'", "did you mean 'kafka'?"});
    EXPECTED.put(
        "bad-column-type",
        new String[] {"column 'price' has an invalid type 'DECIMAL(18, 4'", "DECIMAL(18, 4)"});
    EXPECTED.put(
        "unsafe-identifier",
        new String[] {
          "column name 'venue`) WITH ('connector' = 'filesystem' in 'ods.trades.columns' is not a safe name",
          "[A-Za-z_][A-Za-z0-9_]*"
        });
    EXPECTED.put(
        "bad-duration",
        new String[] {
          "'ods.trades.event-time.watermark-delay' = '5 secnds' is not a duration",
          "500ms, 10s, 5min"
        });
    EXPECTED.put(
        "missing-required-key",
        new String[] {
          "missing required key 'format' in 'ods.quotes.source'", "add format = <json | avro>"
        });
    EXPECTED.put(
        "wrong-type",
        new String[] {
          "'dimensions.accounts.cache.max-rows' must be an integer, got 'plenty'", null
        });
    EXPECTED.put(
        "unsafe-sql",
        new String[] {
          "'dwd.trades.where' is not a single SQL expression: it contains ';'",
          "statements, comments and sub-queries are not allowed"
        });
    EXPECTED.put(
        "undefined-dimension",
        new String[] {
          "unknown dimension 'account' in dwd.trades.join", "did you mean 'accounts'?"
        });
    EXPECTED.put(
        "undefined-table",
        new String[] {
          "dwd.quotes reads ods.quote, which is not defined", "did you mean 'ods.quotes'?"
        });
    EXPECTED.put(
        "sql-unknown-column",
        new String[] {
          "dwd.order_values.columns.order_value: Column 'quantiy' not found",
          "did you mean 'quantity'?"
        });
    EXPECTED.put("cycle", new String[] {"tables form a cycle: dwd.enriched_", "break the cycle"});
    EXPECTED.put(
        "undefined-column",
        new String[] {
          "group-by column 'symbl' is not a column of dwd.trades", "did you mean 'symbol'?"
        });
    EXPECTED.put(
        "not-an-aggregate",
        new String[] {
          "dws.desk_minute.measures.last_price = \"price\" is not an aggregate",
          "COUNT, SUM, MIN, MAX, AVG"
        });
    EXPECTED.put(
        "window-without-event-time",
        new String[] {
          "dws.quote_minute has a window, but dwd.quote_snapshots has no event time", "event-time"
        });
    EXPECTED.put(
        "test-unknown-column",
        new String[] {
          "tests.minute_counts.expect: 'trade_cnt' is not a column of dws.symbol_minute",
          "did you mean 'trade_count'?"
        });
  }

  private static final Pattern MARKER = Pattern.compile("# MISTAKE ([a-z-]+):");

  /**
   * `path/file.conf:12: message` as printed; the path is absolute or relative to the working dir.
   */
  private static final Pattern PROBLEM_LINE =
      Pattern.compile("^(\\S*?([\\w.-]+\\.conf)):(\\d+): (.*)$");

  static CliRun.Result brokenRun;

  @BeforeAll
  static void validateBrokenConfOnce() {
    brokenRun = CliRun.run("validate", "../configs/examples/broken.conf");
  }

  static List<Mistake> plantedMistakes() throws IOException {
    List<Mistake> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith("broken")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = MARKER.matcher(lines.get(i));
          if (m.find()) {
            out.add(new Mistake(m.group(1), f.getFileName().toString(), i + 1));
          }
        }
      }
    }
    return out;
  }

  /** A reported problem parsed back from the output: file name, line, message and hint. */
  record Reported(String file, int line, String message, String hint) {}

  static List<Reported> reported(String output) {
    List<Reported> out = new ArrayList<>();
    List<String> lines = output.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = PROBLEM_LINE.matcher(lines.get(i));
      if (m.matches()) {
        String hint =
            i + 1 < lines.size() && lines.get(i + 1).startsWith("    hint: ")
                ? lines.get(i + 1).substring("    hint: ".length())
                : null;
        out.add(new Reported(m.group(2), Integer.parseInt(m.group(3)), m.group(4), hint));
      }
    }
    return out;
  }

  // ---- broken.conf through the CLI ----

  @Test
  void brokenConfPlantsAtLeastTenKindsOfMistakeEachWithAnExpectation() throws IOException {
    List<Mistake> planted = plantedMistakes();
    assertThat(planted).extracting(Mistake::kind).doesNotHaveDuplicates();
    assertThat(planted).hasSizeGreaterThanOrEqualTo(10);
    assertThat(planted)
        .extracting(Mistake::kind)
        .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  @Test
  void exitsOneWithoutAStackTrace() {
    assertThat(brokenRun.exitCode()).as(brokenRun.all()).isEqualTo(1);
    assertThat(brokenRun.stackTraceLines()).as(brokenRun.all()).isEmpty();
    assertThat(brokenRun.err()).doesNotContain("strata: ").contains(" problems");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedMistakes")
  void reportsEveryPlantedMistakeAtItsLine(Mistake mistake) {
    String[] expected = EXPECTED.get(mistake.kind());
    assertThat(expected).as("expectation for " + mistake.kind()).isNotNull();
    List<Reported> atLine =
        reported(brokenRun.all()).stream()
            .filter(r -> r.file().equals(mistake.file()) && r.line() == mistake.line())
            .toList();
    assertThat(atLine)
        .as(
            "problems reported at "
                + mistake.file()
                + ":"
                + mistake.line()
                + " in:\n"
                + brokenRun.all())
        .anySatisfy(
            r -> {
              assertThat(r.message()).contains(expected[0]);
              if (expected[1] != null) {
                assertThat(r.hint()).isNotNull().contains(expected[1]);
              }
            });
  }

  @Test
  void reportsNothingButThePlantedMistakes() throws IOException {
    List<Mistake> planted = plantedMistakes();
    List<Reported> all = reported(brokenRun.all());
    assertThat(all).isNotEmpty();
    assertThat(all)
        .allSatisfy(
            r ->
                assertThat(planted)
                    .as(r + " is on a planted line")
                    .anyMatch(m -> m.file().equals(r.file()) && m.line() == r.line()));
    assertThat(brokenRun.err()).contains(all.size() + " problems");
  }

  /** "Every problem is reported ... each as file:line: message plus a hint." */
  @Test
  void everyReportedProblemHasAHint() {
    assertThat(
            reported(brokenRun.all()).stream()
                .filter(r -> r.hint() == null || r.hint().isBlank())
                .toList())
        .as("problems printed without a hint")
        .isEmpty();
  }

  @Test
  void validatesTheTradingConfig() {
    CliRun.Result r = CliRun.run("validate", "../configs/trading/pipeline.conf");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("pipeline 'trading' is valid: 2 ODS, 2 dimension, 2 DWD, 2 DWS tables, 2 tests");
    assertThat(r.stackTraceLines()).isEmpty();
  }

  @Test
  void aMissingFileIsOneProblemNotAStackTrace() {
    CliRun.Result r = CliRun.run("validate", "../configs/examples/no-such-file.conf");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no-such-file.conf: pipeline file not found", "1 problem");
    assertThat(r.stackTraceLines()).isEmpty();
  }

  @Test
  void aHoconSyntaxErrorIsOneProblemWithItsLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("syntax.conf");
    Files.writeString(file, "pipeline {\n  name = demo\n  parallelism = = 2\n}\n");
    CliRun.Result r = CliRun.run("validate", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("syntax.conf:3: HOCON syntax error: ");
    assertThat(r.stackTraceLines()).isEmpty();
  }

  // ---- SQL-level checks through Pipelines.load (Flink's parser and planner) ----

  @Nested
  class SqlChecks {
    @TempDir Path dir;

    static final String BASE =
        """
        pipeline { name = sqlcheck }
        connections { kafka { type = kafka, bootstrap-servers = "127.0.0.1:19092" } }
        ods {
          trades {
            source { connection = kafka, topic = "t.trades", format = json }
            columns {
              trade_id = "STRING NOT NULL"
              symbol = STRING
              side = STRING
              price = "DECIMAL(18, 4)"
              quantity = BIGINT
              trade_time = "TIMESTAMP_LTZ(3) NOT NULL"
            }
            event-time { column = trade_time, watermark-delay = 5s }
            dead-letter { topic = "t.dlq" }
          }
        }
        dwd {
          trades {
            from = ods.trades
            where = "quantity > 0"
            columns {
              trade_id = trade_id
              symbol = symbol
              price = price
              quantity = quantity
              notional = "price * quantity"
              trade_time = trade_time
            }
          }
        }
        dws {
          symbol_minute {
            from = dwd.trades
            window { type = tumble, size = 1min }
            group-by = [symbol]
            measures {
              trade_count = "COUNT(*)"
              high = "MAX(price)"
            }
          }
        }
        """;

    private String text;

    /** Writes BASE with replacements applied and loads it, expecting problems. */
    private List<Problem> problems(String... replacements) throws IOException {
      String t = BASE;
      for (int i = 0; i < replacements.length; i += 2) {
        assertThat(t).contains(replacements[i]);
        t = t.replace(replacements[i], replacements[i + 1]);
      }
      text = t;
      Path file = dir.resolve("pipeline.conf");
      Files.writeString(file, t);
      Problems.ConfigInvalidException e =
          assertThrows(Problems.ConfigInvalidException.class, () -> Pipelines.load(file));
      return e.problems();
    }

    private int lineOf(String marker) {
      List<String> lines = text.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(marker)) {
          return i + 1;
        }
      }
      throw new AssertionError(marker);
    }

    @Test
    void theBaseConfigIsValid() throws IOException {
      Path file = dir.resolve("valid.conf");
      Files.writeString(file, BASE);
      assertThat(assertDoesNotThrow(() -> Pipelines.load(file)).order()).hasSize(3);
    }

    @Test
    void reportsUnknownColumnInDwdExpressionWithNearMiss() throws IOException {
      List<Problem> problems = problems("\"price * quantity\"", "\"price * quantiy\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().file()).endsWith("pipeline.conf");
                assertThat(p.origin().line()).isEqualTo(lineOf("quantiy"));
                assertThat(p.message())
                    .isEqualTo(
                        "dwd.trades.columns.notional: Column 'quantiy' not found in any table");
                assertThat(p.hint()).isEqualTo("did you mean 'quantity'?");
              });
    }

    @Test
    void reportsEveryBadColumnOfATable() throws IOException {
      List<Problem> problems =
          problems(
              "\"price * quantity\"", "\"price * quantiy\"", "symbol = symbol", "symbol = symbl");
      assertThat(problems)
          .extracting(p -> p.origin().line())
          .containsExactlyInAnyOrder(lineOf("quantiy"), lineOf("symbl"));
    }

    @Test
    void reportsSyntaxErrorInWhere() throws IOException {
      List<Problem> problems = problems("where = \"quantity > 0\"", "where = \"quantity >> 0\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("where"));
                assertThat(p.message()).startsWith("dwd.trades.where: Encountered");
              });
    }

    @Test
    void reportsUnknownColumnInWhereWithNearMiss() throws IOException {
      List<Problem> problems = problems("where = \"quantity > 0\"", "where = \"quantiy > 0\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("where"));
                assertThat(p.message())
                    .isEqualTo("dwd.trades.where: Column 'quantiy' not found in any table");
                assertThat(p.hint()).isEqualTo("did you mean 'quantity'?");
              });
    }

    @Test
    void reportsWhereThatIsNotACondition() throws IOException {
      List<Problem> problems = problems("where = \"quantity > 0\"", "where = \"quantity\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("where"));
                assertThat(p.message())
                    .isEqualTo("dwd.trades.where must be a true/false condition");
              });
    }

    @Test
    void reportsMeasureThatIsNotAnAggregate() throws IOException {
      List<Problem> problems = problems("high = \"MAX(price)\"", "high = \"price\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("high ="));
                assertThat(p.message())
                    .isEqualTo("dws.symbol_minute.measures.high = \"price\" is not an aggregate");
                assertThat(p.hint()).contains("COUNT, SUM, MIN, MAX, AVG");
              });
    }

    @Test
    void reportsMeasureOverAGroupByColumnAsNotAnAggregate() throws IOException {
      List<Problem> problems = problems("high = \"MAX(price)\"", "high = \"UPPER(symbol)\"");
      assertThat(problems)
          .singleElement()
          .satisfies(p -> assertThat(p.message()).endsWith("is not an aggregate"));
    }

    @Test
    void reportsUnknownColumnInMeasureWithNearMiss() throws IOException {
      List<Problem> problems = problems("high = \"MAX(price)\"", "high = \"MAX(prise)\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("high ="));
                assertThat(p.message()).contains("dws.symbol_minute.measures.high", "'prise'");
                assertThat(p.hint()).isEqualTo("did you mean 'price'?");
              });
    }

    @Test
    void reportsUnknownFunction() throws IOException {
      List<Problem> problems = problems("\"price * quantity\"", "\"PRICE_TIMES(price, quantity)\"");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("PRICE_TIMES"));
                assertThat(p.message())
                    .startsWith(
                        "dwd.trades.columns.notional: No match found for function signature PRICE_TIMES(");
                assertThat(p.hint())
                    .isEqualTo(
                        "check the function name and argument types (Flink SQL built-in functions)");
              });
    }

    /** Problems in the where, the columns and a downstream measure: all reported in one run. */
    @Test
    void reportsEverySqlProblemOfAPipelineAtOnce() throws IOException {
      List<Problem> problems =
          problems(
              "where = \"quantity > 0\"", "where = \"quantiy > 0\"",
              "\"price * quantity\"", "\"price * quantiy\"",
              "high = \"MAX(price)\"", "high = \"price\"");
      assertThat(problems)
          .extracting(p -> p.origin().line())
          .containsExactlyInAnyOrder(lineOf("where"), lineOf("price * quantiy"), lineOf("high ="));
    }

    /** The guard rejects SELECT, but the explicit-table form reads another table just the same. */
    @Test
    void rejectsExplicitTableSubqueryAsAProblem() throws IOException {
      List<Problem> problems =
          problems("where = \"quantity > 0\"", "where = \"EXISTS (TABLE ods__trades)\"");
      assertThat(problems)
          .singleElement()
          .satisfies(p -> assertThat(p.origin().line()).isEqualTo(lineOf("where")));
    }

    /**
     * Errors that Flink raises while planning (after parsing) must still become file:line problems.
     */
    @Test
    void reportsPlannerFailuresAsProblems() throws IOException {
      List<Problem> problems = problems("\"price * quantity\"", "\"SUM(price) OVER ()\"");
      assertThat(problems)
          .singleElement()
          .satisfies(p -> assertThat(p.origin().line()).isEqualTo(lineOf("OVER ()")));
    }

    @Test
    void reportsMisspelledColumnTypeWithNearMiss() throws IOException {
      List<Problem> problems = problems("quantity = BIGINT", "quantity = BIGNIT");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("BIGNIT"));
                assertThat(p.message()).contains("BIGNIT");
                assertThat(p.hint()).contains("BIGINT");
              });
    }

    @Test
    void suggestsNearMissForUndefinedConnection() throws IOException {
      List<Problem> problems =
          problems("source { connection = kafka,", "source { connection = kafkaa,");
      assertThat(problems)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.origin().line()).isEqualTo(lineOf("kafkaa"));
                assertThat(p.message()).isEqualTo("unknown connection 'kafkaa'");
                assertThat(p.hint()).isEqualTo("did you mean 'kafka'?");
              });
    }
  }

  // ---- the same SQL mistakes through the CLI: exit 1, no stack trace ----

  @Test
  void explicitTableSubqueryIsReportedWithoutAStackTrace(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(
        file,
        SqlChecks.BASE.replace("where = \"quantity > 0\"", "where = \"EXISTS (TABLE nope)\""));
    CliRun.Result r =
        assertDoesNotThrow(
            () -> CliRun.run("validate", file.toString()),
            "strata validate threw instead of reporting");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.stackTraceLines()).isEmpty();
    assertThat(r.err())
        .contains(
            "pipeline.conf:"
                + (SqlChecks.BASE.lines().toList().indexOf("    where = \"quantity > 0\"") + 1)
                + ": ");
  }

  @Test
  void plannerFailureIsReportedAsFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(
        file, SqlChecks.BASE.replace("\"price * quantity\"", "\"SUM(price) OVER ()\""));
    CliRun.Result r = CliRun.run("validate", file.toString());
    assertThat(r.stackTraceLines()).isEmpty();
    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "pipeline.conf:"
                + (SqlChecks.BASE.lines().toList().indexOf("      notional = \"price * quantity\"")
                    + 1)
                + ": ");
  }
}
