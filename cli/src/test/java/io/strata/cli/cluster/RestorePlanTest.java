package io.strata.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.cluster.RestorePlan.Entry;
import io.strata.cli.cluster.RestorePlan.Outcome;
import io.strata.layers.generate.StateFingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an edit does to a running job's state, decided from the previous and the edited config. */
@Timeout(120)
class RestorePlanTest {
  private static final Path TRADING =
      Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();

  private static StateInventory before;

  @TempDir Path dir;

  private RestorePlan planFor(String edit) throws Exception {
    Path edited = dir.resolve("edited.conf");
    Files.writeString(edited, "include file(\"" + TRADING + "\")\n" + edit);
    synchronized (RestorePlanTest.class) {
      if (before == null) {
        before = StateInventory.of(TRADING);
      }
    }
    return RestorePlan.compare(TRADING.toString(), before, StateInventory.of(edited));
  }

  private static List<String> uids(RestorePlan plan, Outcome outcome) {
    return plan.entries().stream()
        .filter(e -> e.outcome() == outcome)
        .map(e -> StateFingerprints.baseUid(e.uid()))
        .toList();
  }

  @Test
  void addingAMeasureAndATableKeepsEveryUntouchedTablesState() throws Exception {
    RestorePlan plan =
        planFor(
            "dws.account_minute.measures.max_quantity = \"MAX(quantity)\"\n"
                + "dws.symbol_five_minutes { from = dwd.trades, window { type = tumble, size = 5min }, group-by = [symbol], measures { trade_count = \"COUNT(*)\" } }\n");
    assertThat(plan.dropped())
        .extracting(e -> StateFingerprints.baseUid(e.uid()))
        .containsExactly("dws.account_minute/window/GlobalWindowAggregate-0");
    assertThat(uids(plan, Outcome.RESTORED))
        .contains(
            "ods.trades/source",
            "ods.quotes/source",
            "dwd.trades/deduplicate",
            "dws.symbol_minute/window/GlobalWindowAggregate-0",
            "dws.account_minute/sink-0/sink__dws__account_minute__0-0");
    assertThat(uids(plan, Outcome.NEW))
        .contains("dws.symbol_five_minutes/window/GlobalWindowAggregate-0");
    assertThat(plan.render())
        .contains("DROPPED")
        .contains("state would be DROPPED for dws.account_minute");
  }

  @Test
  void aChangedDedupKeyDropsTheDedupStateInsteadOfReadingItWithTheWrongKey() throws Exception {
    // Same uid, same key type (STRING): Flink itself would restore the old keys silently.
    RestorePlan plan = planFor("dwd.trades.deduplicate.key = [account_id]\n");
    assertThat(plan.dropped()).hasSize(1);
    Entry e = plan.dropped().get(0);
    assertThat(e.outcome()).isEqualTo(Outcome.CHANGED);
    assertThat(e.table()).isEqualTo("dwd.trades");
    assertThat(e.before()).isEqualTo("first-seen per key [trade_id]");
    assertThat(e.after()).isEqualTo("first-seen per key [account_id]");
    assertThat(e.newUid()).startsWith("dwd.trades/deduplicate@").isNotEqualTo(e.uid());
  }

  @Test
  void aChangedWindowOrGroupByDropsThatTablesWindowState() throws Exception {
    assertThat(planFor("dws.symbol_minute.window.size = 2min\n").dropped())
        .extracting(Entry::table)
        .containsExactly("dws.symbol_minute");
    assertThat(planFor("dws.account_minute.group-by = [account_id, symbol]\n").dropped())
        .extracting(Entry::table)
        .containsExactly("dws.account_minute");
  }

  @Test
  void aDerivedMeasureThatReordersTheAccumulatorsIsCaught() throws Exception {
    // Written first, the derived measure makes the planner put SUM(quantity) before COUNT(*): both
    // BIGINT, so a restore with the old uid would swap trade_count and volume in every open window
    // without any error.
    RestorePlan plan =
        planFor(
            "dws.account_minute.measures = null\n"
                + "dws.account_minute.measures { avg_quantity = \"SUM(quantity) / COUNT(*)\", trade_count = \"COUNT(*)\", volume = \"SUM(quantity)\","
                + " net_quantity = \"SUM(signed_quantity)\", notional = \"SUM(notional)\" }\n");
    assertThat(plan.dropped()).extracting(Entry::table).containsExactly("dws.account_minute");
  }

  @Test
  void anUnchangedPipelineRestoresEverything() throws Exception {
    RestorePlan plan = planFor("");
    assertThat(plan.restoresEverything()).isTrue();
    assertThat(uids(plan, Outcome.NEW)).isEmpty();
    assertThat(plan.render()).contains("the upgrade is safe");
  }
}
