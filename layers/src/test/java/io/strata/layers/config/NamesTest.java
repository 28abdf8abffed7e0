package io.strata.layers.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  private static final List<String> PIPELINE_KEYS =
      List.of("name", "time-zone", "parallelism", "checkpoint");

  @Test
  void didYouMeanFindsTheClosestCandidateWithinAFewEdits() {
    assertThat(Names.didYouMean("parallelizm", PIPELINE_KEYS)).isEqualTo("parallelism");
    assertThat(Names.didYouMean("timezone", PIPELINE_KEYS)).isEqualTo("time-zone");
    assertThat(Names.didYouMean("checkpoints", PIPELINE_KEYS)).isEqualTo("checkpoint");
  }

  @Test
  void didYouMeanIgnoresCaseButReturnsTheCandidateAsDeclared() {
    assertThat(Names.didYouMean("PARALLELISM", PIPELINE_KEYS)).isEqualTo("parallelism");
    assertThat(Names.didYouMean("trade_count", List.of("Trade_Count"))).isEqualTo("Trade_Count");
  }

  @Test
  void didYouMeanGivesNothingForUnrelatedWords() {
    assertThat(Names.didYouMean("watermark", PIPELINE_KEYS)).isNull();
    assertThat(Names.didYouMean("zz", List.of("ods", "dwd", "dws"))).isNull();
  }

  @Test
  void didYouMeanAllowsMoreEditsForLongerWordsButAtMostThree() {
    // 3 letters: one edit allowed
    assertThat(Names.didYouMean("dwx", List.of("dws"))).isEqualTo("dws");
    assertThat(Names.didYouMean("dxx", List.of("dws"))).isNull();
    // 9 letters: three edits allowed
    assertThat(Names.didYouMean("quantixyz", List.of("quantity"))).isEqualTo("quantity");
    // 24 letters: still at most three
    assertThat(Names.didYouMean("freshness_slo_in_minutes", List.of("freshness_slo"))).isNull();
  }

  @Test
  void didYouMeanOnNoCandidatesIsNull() {
    assertThat(Names.didYouMean("anything", List.of())).isNull();
  }

  @Test
  void didYouMeanPrefersTheFirstOfEquallyCloseCandidates() {
    assertThat(Names.didYouMean("bat", List.of("bad", "bar"))).isEqualTo("bad");
  }

  /** Swapped letters are the most common typo; "kafak" is one keystroke away from "kafka". */
  @Test
  void suggestsNearMissForTransposedLetters() {
    assertThat(Names.didYouMean("kafak", List.of("kafka", "refdata"))).isEqualTo("kafka");
    assertThat(Names.didYouMean("sybmol", List.of("symbol", "side", "price"))).isEqualTo("symbol");
  }

  @Test
  void suggestionSaysDidYouMeanOrListsTheChoices() {
    assertThat(Names.suggestion("earlist", List.of("earliest", "latest", "group-offsets")))
        .isEqualTo("did you mean 'earliest'?");
    assertThat(Names.suggestion("xml", List.of("json", "avro")))
        .isEqualTo("expected one of: json, avro");
    assertThat(Names.suggestion("xml", List.of())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"trades", "_x", "A1_b2", "dws__symbol_minute"})
  void acceptsPlainIdentifiers(String name) {
    assertThat(Names.isIdentifier(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1trades",
        "trades;",
        "tra des",
        "a`b",
        "a.b",
        "a-b",
        "a'b",
        "a\"b",
        "a--b",
        "a/*b",
        "überweisung",
        "a\nb"
      })
  void rejectsNamesThatCouldAlterGeneratedSql(String name) {
    assertThat(Names.isIdentifier(name)).isFalse();
  }

  @Test
  void rejectsNullAndOverlongIdentifiers() {
    assertThat(Names.isIdentifier(null)).isFalse();
    assertThat(Names.isIdentifier("a".repeat(128))).isTrue();
    assertThat(Names.isIdentifier("a".repeat(129))).isFalse();
  }

  @Test
  void acceptsKafkaTopicNamesOnly() {
    assertThat(Names.isTopic("trading.trades-v2_dlq")).isTrue();
    assertThat(Names.isTopic("a".repeat(249))).isTrue();
    assertThat(Names.isTopic("a".repeat(250))).isFalse();
    assertThat(Names.isTopic("a b")).isFalse();
    assertThat(Names.isTopic("t'; DROP")).isFalse();
    assertThat(Names.isTopic("")).isFalse();
    assertThat(Names.isTopic(null)).isFalse();
  }

  @Test
  void distanceIsLevenshtein() {
    assertThat(Names.distance("", "abc")).isEqualTo(3);
    assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Names.distance("same", "same")).isZero();
  }
}
