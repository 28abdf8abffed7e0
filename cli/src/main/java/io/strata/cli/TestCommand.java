package io.strata.cli;

import io.strata.cli.testing.ConfigTestRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "test",
    description =
        "Run the pipeline's tests { ... }: given rows in, expected rows out, on the embedded engine; prints a diff on failure.")
final class TestCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Override
  public Integer call() throws Exception {
    ConfigTestRunner.Summary summary = ConfigTestRunner.run(Pipelines.load(file));
    System.out.print(summary.render());
    return summary.passed() ? 0 : 1;
  }
}
