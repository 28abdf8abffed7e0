package io.strata.layers.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableRefTest {

  @Test
  void parsesLayerDotTable() {
    assertThat(TableRef.parse("ods.trades")).isEqualTo(new TableRef(Layer.ODS, "trades"));
    assertThat(TableRef.parse("dwd.trades")).isEqualTo(new TableRef(Layer.DWD, "trades"));
    assertThat(TableRef.parse("dws.symbol_minute"))
        .isEqualTo(new TableRef(Layer.DWS, "symbol_minute"));
    assertThat(TableRef.parse("dimensions.accounts"))
        .isEqualTo(new TableRef(Layer.DIMENSIONS, "accounts"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"trades", ".trades", "ods.", "ods.a.b", "raw.trades", "ODS.trades", ""})
  void rejectsAnythingElse(String text) {
    assertThat(TableRef.parse(text)).isNull();
  }

  @Test
  void printsAsWrittenAndAsAViewName() {
    TableRef ref = new TableRef(Layer.DWS, "symbol_minute");
    assertThat(ref).hasToString("dws.symbol_minute");
    assertThat(ref.viewName()).isEqualTo("dws__symbol_minute");
  }

  @Test
  void ordersByLayerThenName() {
    assertThat(new TableRef(Layer.ODS, "z")).isLessThan(new TableRef(Layer.DWD, "a"));
    assertThat(new TableRef(Layer.DWD, "a")).isLessThan(new TableRef(Layer.DWD, "b"));
    assertThat(new TableRef(Layer.DWD, "z")).isLessThan(new TableRef(Layer.DWS, "a"));
  }
}
