package io.strata.layers.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlExpressionGuardTest {

  @Test
  void guardRejectsStatementSeparatorsCommentsAndSubqueries() {
    assertThat(SqlExpressionGuard.unsafeReason("quantity > 0; DROP TABLE ods__trades"))
        .isEqualTo("it contains ';'");
    assertThat(SqlExpressionGuard.unsafeReason("quantity > 0 -- and the rest"))
        .isEqualTo("it contains a comment (--)");
    assertThat(SqlExpressionGuard.unsafeReason("quantity /* hidden */ > 0"))
        .isEqualTo("it contains a comment (/*)");
    assertThat(SqlExpressionGuard.unsafeReason("symbol IN (SELECT symbol FROM ods__quotes)"))
        .isEqualTo("it contains SELECT (sub-queries are not allowed)");
    assertThat(SqlExpressionGuard.unsafeReason("x IN (VALUES (1), (2))"))
        .isEqualTo("it contains VALUES (sub-queries are not allowed)");
    assertThat(SqlExpressionGuard.unsafeReason("1 UNION ALL 2"))
        .isEqualTo("it contains UNION (sub-queries are not allowed)");
    assertThat(SqlExpressionGuard.unsafeReason("1) INSERT INTO x (1")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "price * quantity",
        "CAST(price * quantity AS DECIMAL(18, 4))",
        "CASE WHEN side = 'SELL' THEN -quantity ELSE quantity END",
        "side IN ('BUY', 'SELL')",
        "quantity > 0 AND price > 0",
        "price - -1",
        "price / 2",
        "`select` + 1",
        "select_count + values_seen",
        "COUNT(*)"
      })
  void acceptsOrdinaryExpressions(String sql) {
    assertThat(SqlExpressionGuard.unsafeReason(sql)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "note = 'a; b'",
        "note = '-- not a comment'",
        "note = '/* not a comment */'",
        "note = 'SELECT * FROM x'",
        "note = 'it''s; fine'",
        "note = '('",
        "`odd;name` > 0",
        "`has -- dashes` > 0"
      })
  void ignoresWhatIsInsideStringLiteralsAndQuotedNames(String sql) {
    assertThat(SqlExpressionGuard.unsafeReason(sql)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "note = 'open                | a string literal is not closed",
        "note = 'it''s               | a string literal is not closed",
        "`open > 0                   | a quoted name is not closed",
        "(price                      | a parenthesis is not closed",
        "price)                      | it closes a parenthesis it did not open",
        "price) AS x FROM t WHERE (1 | it closes a parenthesis it did not open",
      })
  void rejectsUnbalancedQuotesAndParentheses(String sql, String reason) {
    assertThat(SqlExpressionGuard.unsafeReason(sql)).isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void rejectsEmptyExpressions(String sql) {
    assertThat(SqlExpressionGuard.unsafeReason(sql)).isEqualTo("it is empty");
    assertThat(SqlExpressionGuard.unsafeReason(null)).isEqualTo("it is empty");
  }

  @Test
  void keywordsAreFoundWhateverTheirCaseAndSpacing() {
    assertThat(SqlExpressionGuard.unsafeReason("x IN (select y from z)")).isNotNull();
    assertThat(SqlExpressionGuard.unsafeReason("x IN (\n\tSeLeCt\ty FROM z)")).isNotNull();
    assertThat(SqlExpressionGuard.unsafeReason("x IN(SELECT(y)FROM z)")).isNotNull();
  }

  /**
   * Flink's parser accepts the explicit-table form {@code TABLE t} as a query wherever a sub-query
   * may stand, so these read another table without SELECT, VALUES or UNION. Through `strata
   * validate`, "EXISTS (TABLE nope)" even overflows Calcite's stack (a StackOverflowError stack
   * trace).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "EXISTS (TABLE ods__quotes)",
        "NOT EXISTS (TABLE `ods__quotes`)",
        "symbol IN (TABLE ods__symbols)",
        "(symbol, price) IN (TABLE dwd__trades)"
      })
  void rejectsExplicitTableSubqueries(String sql) {
    assertThat(SqlExpressionGuard.unsafeReason(sql)).as(sql).isNotNull();
  }
}
