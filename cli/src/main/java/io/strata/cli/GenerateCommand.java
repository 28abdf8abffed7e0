package io.strata.cli;

import io.strata.demo.TradingGenerator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(
    name = "generate",
    description =
        "Write generated events into Kafka. 'generate trading --bootstrap host:port --trades N [--seed S] [--rate R --continuous]'.")
final class GenerateCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "what to generate: trading")
  String what;

  @Unmatched String[] args = new String[0];

  @Override
  public Integer call() throws Exception {
    if (!"trading".equals(what)) {
      System.err.println("strata: unknown generator '" + what + "' (available: trading)");
      return 2;
    }
    TradingGenerator.main(args);
    return 0;
  }
}
