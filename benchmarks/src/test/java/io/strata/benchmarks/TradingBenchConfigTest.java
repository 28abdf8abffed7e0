package io.strata.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark's copy of the trade path must stay the trading pipeline's logic. */
class TradingBenchConfigTest {

  private static Config reference() {
    Path file = Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();
    return ConfigFactory.parseFile(
            file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
        .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
  }

  private static Config bench() throws Exception {
    String text;
    try (InputStream in = TradingBenchmark.class.getResourceAsStream("trading-bench.conf")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text =
        text.replace("@BOOTSTRAP@", "x:1")
            .replace("@TOPIC@", "t")
            .replace("@FORMAT@", "format = avro");
    return ConfigFactory.parseString(text).resolve();
  }

  @Test
  void dwdAndDwsLogicEqualThePipelines() throws Exception {
    Config ref = reference();
    Config bench = bench();
    assertThat(bench.getConfig("dwd.trades").withoutPath("sinks").root().unwrapped())
        .isEqualTo(ref.getConfig("dwd.trades").withoutPath("sinks").root().unwrapped());
    for (String t : new String[] {"symbol_minute", "account_minute"}) {
      assertThat(bench.getConfig("dws." + t).withoutPath("sinks").root().unwrapped())
          .as("dws." + t)
          .isEqualTo(ref.getConfig("dws." + t).withoutPath("sinks").root().unwrapped());
    }
    assertThat(bench.getObject("dws").keySet()).isEqualTo(ref.getObject("dws").keySet());
    for (String path : new String[] {"ods.trades.columns", "ods.trades.event-time", "pipeline"}) {
      assertThat(bench.getConfig(path).root().unwrapped())
          .as(path)
          .isEqualTo(ref.getConfig(path).root().unwrapped());
    }
  }

  @Test
  void theBenchmarkSchemaIsThePipelines() throws Exception {
    Path file =
        Path.of("..", "configs", "trading", "schemas", "trade.avsc").toAbsolutePath().normalize();
    try (InputStream in =
        io.strata.demo.TradeAvro.class.getResourceAsStream(
            io.strata.demo.TradeAvro.SCHEMA_RESOURCE)) {
      assertThat(
              new org.apache.avro.Schema.Parser()
                  .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
          .isEqualTo(new org.apache.avro.Schema.Parser().parse(Files.readString(file)));
    }
  }
}
